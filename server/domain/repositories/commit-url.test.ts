import { describe, expect, it } from "vitest";
import { commitUrlPrefix, commitWebUrl, repositoryCommitUrl, repositoryCommitUrlPrefix, repositoryWebUrl } from "./commit-url";

const sha = "0ae1097c2f8b1d3e4a5b6c7d8e9f0a1b2c3d4e5f";

describe("commitWebUrl", () => {
  it("links GitHub and GitLab commits from https, ssh:// and scp-like remotes", () => {
    expect(commitWebUrl("https://github.com/acme/workshop.git", sha)).toBe(`https://github.com/acme/workshop/commit/${sha}`);
    expect(commitWebUrl("git@github.com:acme/workshop.git", sha)).toBe(`https://github.com/acme/workshop/commit/${sha}`);
    expect(commitWebUrl("ssh://git@github.com/acme/workshop.git", sha)).toBe(`https://github.com/acme/workshop/commit/${sha}`);
    expect(commitWebUrl("https://gitlab.com/group/sub/repo", sha)).toBe(`https://gitlab.com/group/sub/repo/-/commit/${sha}`);
    expect(commitWebUrl("git@gitlab.example.org:team/api.git", sha)).toBe(`https://gitlab.example.org/team/api/-/commit/${sha}`);
  });

  it("never carries credentials into the link", () => {
    const link = commitWebUrl("https://x-access-token:ghp_secret123@github.com/acme/workshop.git", sha);
    expect(link).toBe(`https://github.com/acme/workshop/commit/${sha}`);
    expect(link).not.toContain("ghp_secret123");
    expect(repositoryWebUrl("https://user:pw@gitlab.com/a/b.git")).toBe("https://gitlab.com/a/b");
  });

  it("gives no link for unknown hosts, local paths, odd paths or a non-sha", () => {
    expect(commitWebUrl("/srv/git/workshop.git", sha)).toBeNull();
    expect(commitWebUrl("file:///srv/git/workshop.git", sha)).toBeNull();
    expect(commitWebUrl("https://git.example.com/acme/workshop.git", sha)).toBeNull();
    expect(commitWebUrl("https://github.com/acme", sha)).toBeNull();
    expect(commitWebUrl("https://github.com/acme/%2e%2e/x", sha)).toBeNull();
    expect(commitWebUrl("https://github.com/acme/workshop.git", "master")).toBeNull();
  });
});

describe("repositoryCommitUrl", () => {
  it("prefers the linked GitHub repository, and refuses odd names", () => {
    expect(repositoryCommitUrl({ url: "/srv/git/workshop.git", githubRepo: "acme/workshop" }, sha)).toBe(
      `https://github.com/acme/workshop/commit/${sha}`,
    );
    expect(repositoryCommitUrl({ url: "/srv/git/workshop.git", githubRepo: "../x" }, sha)).toBeNull();
    expect(repositoryCommitUrl({ url: "git@gitlab.com:a/b.git", githubRepo: null }, sha)).toBe(`https://gitlab.com/a/b/-/commit/${sha}`);
  });
});

describe("repositoryCommitUrlPrefix", () => {
  it("is what every commit link of the repository starts with, credentials stripped, or null", () => {
    expect(repositoryCommitUrlPrefix({ url: "/srv/git/workshop.git", githubRepo: "acme/workshop" })).toBe(
      "https://github.com/acme/workshop/commit/",
    );
    expect(repositoryCommitUrlPrefix({ url: "https://oauth2:glpat-x@gitlab.com/a/b.git" })).toBe("https://gitlab.com/a/b/-/commit/");
    expect(repositoryCommitUrlPrefix({ url: "/srv/git/workshop.git", githubRepo: null })).toBeNull();
    expect(commitUrlPrefix("https://git.example.com/a/b")).toBeNull();
    expect(repositoryCommitUrlPrefix({ url: "git@github.com:acme/workshop.git" })! + sha).toBe(
      commitWebUrl("git@github.com:acme/workshop.git", sha),
    );
  });
});
