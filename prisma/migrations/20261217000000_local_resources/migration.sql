-- Local cloud: tables and buckets the local target provisions per instance.
CREATE TABLE "LocalResource" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "logicalId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "physicalName" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "retain" BOOLEAN NOT NULL DEFAULT false,
    "retainedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LocalResource_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "LocalResource_orgId_idx" ON "LocalResource"("orgId");
CREATE INDEX "LocalResource_physicalName_idx" ON "LocalResource"("physicalName");
CREATE UNIQUE INDEX "LocalResource_instanceId_logicalId_key" ON "LocalResource"("instanceId", "logicalId");

ALTER TABLE "LocalResource" ADD CONSTRAINT "LocalResource_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "ServiceInstance"("id") ON DELETE CASCADE ON UPDATE CASCADE;
