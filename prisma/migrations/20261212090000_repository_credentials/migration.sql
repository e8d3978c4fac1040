-- onboard-repos: repositories connected from the dashboard, with a deploy key or an HTTPS token.
CREATE TYPE "RepositoryAuthKind" AS ENUM ('NONE', 'SSH_KEY', 'HTTPS_TOKEN');

ALTER TABLE "Repository" ADD COLUMN "orgId" TEXT,
ADD COLUMN "defaultBranch" TEXT;

CREATE TABLE "RepositoryCredential" (
    "id" TEXT NOT NULL,
    "repositoryId" TEXT NOT NULL,
    "kind" "RepositoryAuthKind" NOT NULL,
    "publicKey" TEXT,
    "privateKeyCipher" TEXT,
    "knownHosts" TEXT,
    "hostKeyFingerprint" TEXT,
    "username" TEXT,
    "tokenCipher" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RepositoryCredential_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "RepositoryCredential_repositoryId_key" ON "RepositoryCredential"("repositoryId");

ALTER TABLE "RepositoryCredential" ADD CONSTRAINT "RepositoryCredential_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;
