-- AlterTable
ALTER TABLE "Repository" ADD COLUMN     "githubRepo" TEXT,
ADD COLUMN     "webhookSecretCipher" TEXT;

-- CreateTable
CREATE TABLE "PullRequest" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "headBranch" TEXT NOT NULL,
    "baseBranch" TEXT NOT NULL,
    "headSha" TEXT NOT NULL,
    "open" BOOLEAN NOT NULL DEFAULT true,
    "commentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PullRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PullRequest_appId_headBranch_idx" ON "PullRequest"("appId", "headBranch");

-- CreateIndex
CREATE UNIQUE INDEX "PullRequest_appId_number_key" ON "PullRequest"("appId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Repository_githubRepo_key" ON "Repository"("githubRepo");

-- AddForeignKey
ALTER TABLE "PullRequest" ADD CONSTRAINT "PullRequest_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

