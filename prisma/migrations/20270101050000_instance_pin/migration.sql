-- An instant rollback pins the instance: who did it, and which deployment it was rolled back from.
ALTER TABLE "ServiceInstance" ADD COLUMN "pinnedById" TEXT, ADD COLUMN "pinnedFromDeploymentId" TEXT;
-- A push to a pinned instance waits (holdReason 'pinned') until someone deploys it anyway.
ALTER TABLE "Build" ADD COLUMN "pinOverrideById" TEXT, ADD COLUMN "pinOverrideAt" TIMESTAMP(3);
ALTER TYPE "ReleaseKind" ADD VALUE IF NOT EXISTS 'ROLLBACK_UNDO';
ALTER TYPE "ReleaseKind" ADD VALUE IF NOT EXISTS 'ROLLBACK_PERMANENT';
