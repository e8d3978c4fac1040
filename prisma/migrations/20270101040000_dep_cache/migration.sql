-- AlterTable
ALTER TABLE "Service" ADD COLUMN "dependencyCacheEpoch" INTEGER NOT NULL DEFAULT 0;
