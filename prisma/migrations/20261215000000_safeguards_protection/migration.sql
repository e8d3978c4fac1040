-- Safeguard results per build, and protection rules (approval, freezes) per app stage
ALTER TYPE "BuildStatus" ADD VALUE 'REJECTED';

CREATE TYPE "FreezeMode" AS ENUM ('WAIT', 'FAIL');

ALTER TABLE "Build" ADD COLUMN "needsApproval" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "rejectedById" TEXT,
ADD COLUMN "rejectedAt" TIMESTAMP(3),
ADD COLUMN "holdReason" TEXT,
ADD COLUMN "holdUntil" TIMESTAMP(3),
ADD COLUMN "freezeOverrideById" TEXT,
ADD COLUMN "freezeOverrideAt" TIMESTAMP(3),
ADD COLUMN "freezeOverrideReason" TEXT;

-- Fork builds already waiting keep waiting under the one approval flag.
UPDATE "Build" SET "needsApproval" = true WHERE "fromFork" = true;

CREATE TABLE "SafeguardCheck" (
    "id" TEXT NOT NULL,
    "buildId" TEXT NOT NULL,
    "policy" TEXT NOT NULL,
    "level" "SafeguardLevel" NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SafeguardCheck_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "SafeguardCheck_buildId_idx" ON "SafeguardCheck"("buildId");
ALTER TABLE "SafeguardCheck" ADD CONSTRAINT "SafeguardCheck_buildId_fkey" FOREIGN KEY ("buildId") REFERENCES "Build"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "StageProtection" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "requireApproval" BOOLEAN NOT NULL DEFAULT false,
    "approverRoles" "Role"[] DEFAULT ARRAY[]::"Role"[],
    "approverUserIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "allowSelfApproval" BOOLEAN NOT NULL DEFAULT false,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "freezes" JSONB NOT NULL DEFAULT '[]',
    "freezeMode" "FreezeMode" NOT NULL DEFAULT 'WAIT',
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "StageProtection_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "StageProtection_appId_stage_key" ON "StageProtection"("appId", "stage");
ALTER TABLE "StageProtection" ADD CONSTRAINT "StageProtection_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
