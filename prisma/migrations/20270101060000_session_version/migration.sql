-- A user's sessions end when the password changes or is reset: the JWT carries the version it was issued at.
ALTER TABLE "User" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;
