-- The dashboard's "newest build per instance / per app" lookups.
CREATE INDEX "Build_instanceId_createdAt_idx" ON "Build"("instanceId", "createdAt");
CREATE INDEX "Build_serviceId_createdAt_idx" ON "Build"("serviceId", "createdAt");
