-- Promotions and git rollbacks run as the worker's `release` job: queued first, with the job's progress lines kept.
ALTER TYPE "ReleaseStatus" ADD VALUE 'QUEUED' BEFORE 'RUNNING';
ALTER TABLE "Release" ADD COLUMN "log" TEXT;
