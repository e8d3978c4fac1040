-- CreateEnum
CREATE TYPE "ReleaseKind" AS ENUM ('PROMOTE', 'ROLLBACK_REVERT', 'ROLLBACK_INSTANT');

-- CreateEnum
CREATE TYPE "ReleaseStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- AlterTable
ALTER TABLE "ServiceInstance" ADD COLUMN     "pinnedDeploymentId" TEXT,
ADD COLUMN     "rolledBackAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Release" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "kind" "ReleaseKind" NOT NULL,
    "status" "ReleaseStatus" NOT NULL DEFAULT 'RUNNING',
    "serviceId" TEXT,
    "actorId" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "fromSha" TEXT,
    "toSha" TEXT,
    "sourceSha" TEXT,
    "targetDeploymentId" TEXT,
    "fastForward" BOOLEAN,
    "buildIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "error" TEXT,
    "switchMs" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Release_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Release_appId_createdAt_idx" ON "Release"("appId", "createdAt");

-- AddForeignKey
ALTER TABLE "Release" ADD CONSTRAINT "Release_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

