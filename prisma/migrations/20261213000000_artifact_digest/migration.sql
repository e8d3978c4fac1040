-- Sandbox (issue 12): the digest of a local deployment's artifact, checked before handlers load it.
ALTER TABLE "Deployment" ADD COLUMN "artifactDigest" TEXT;
