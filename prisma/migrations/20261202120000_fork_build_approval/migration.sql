-- AlterTable
ALTER TABLE "Build" ADD COLUMN     "fromFork" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "approvedById" TEXT,
ADD COLUMN     "approvedAt" TIMESTAMP(3);
