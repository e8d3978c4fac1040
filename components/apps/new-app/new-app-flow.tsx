"use client";

import { useState } from "react";
import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Code } from "@/components/ui/code";
import { PageHeader } from "@/components/ui/page-header";
import { formError, useCan } from "@/components/settings/use-me";
import { ConnectionStep } from "./connection-step";
import { RepositoryStep } from "./repository-step";
import { ServicesStep } from "./services-step";
import { StagesStep, type StageChoice } from "./stages-step";
import type { ConnectedRepository, ConnectionResult, CreatedApp, PickedService } from "./types";

/** "New app": repository → connection → services → stages and profiles → the first deploys. */
export function NewAppFlow() {
  const trpc = useTRPC();
  const can = useCan();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [repo, setRepo] = useState<ConnectedRepository | null>(null);
  const [connection, setConnection] = useState<ConnectionResult | null>(null);
  const [picked, setPicked] = useState<Record<string, PickedService>>({});
  const [stages, setStages] = useState<StageChoice>({ mapping: {}, defaultProfileId: "" });
  const [created, setCreated] = useState<CreatedApp | null>(null);
  const create = useMutation(trpc.apps.create.mutationOptions({ onSuccess: setCreated }));
  const services = Object.values(picked);
  const submit = () =>
    create.mutate({
      repositoryId: repo!.id,
      name,
      slug,
      services: services.map((s) => ({
        name: s.name,
        folder: s.folder,
        previews: s.previews,
        sharedPaths: s.sharedPaths.split(/[\s,]+/).filter(Boolean),
      })),
      stageProfiles: stages.mapping,
      defaultProfileId: stages.defaultProfileId,
    });

  if (created) return <Created app={created} />;
  return (
    <div className="space-y-6">
      <PageHeader
        breadcrumbs={[{ label: "Apps", href: "/" }, { label: "New app" }]}
        title="New app"
        description="Connect a repository, pick the services Slipway finds in it, map its stages to deployment profiles."
      />
      {!can("apps.create") ? (
        <p className="text-sm text-fg-muted">Only admins create apps.</p>
      ) : (
        <>
          {!repo ? (
            <RepositoryStep onConnected={setRepo} name={name} slug={slug} setName={setName} setSlug={setSlug} />
          ) : (
            <ConnectionStep repo={repo} onResult={setConnection} />
          )}
          {repo && connection?.ok && <ServicesStep repositoryId={repo.id} picked={picked} setPicked={setPicked} />}
          {repo && connection?.ok && <StagesStep choice={stages} setChoice={setStages} />}
          {repo && connection?.ok && (
            <div className="space-y-2">
              {formError(create.error, []) && (
                <p role="alert" className="text-sm text-danger-700" data-testid="create-app-error">
                  {formError(create.error, [])}
                </p>
              )}
              <Button
                variant="primary"
                size="lg"
                disabled={services.length === 0 || !stages.defaultProfileId}
                loading={create.isPending}
                onClick={submit}
                data-testid="create-app"
              >
                Create {name || "app"} with {services.length} service{services.length === 1 ? "" : "s"} and deploy{" "}
                {connection.defaultBranch}
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function Created({ app }: { app: CreatedApp }) {
  return (
    <div className="space-y-6">
      <PageHeader breadcrumbs={[{ label: "Apps", href: "/" }, { label: app.slug }]} title="App created" />
      <Card data-testid="first-deploys">
        <CardHeader>
          <div>
            <CardTitle>First deploys</CardTitle>
            <CardDescription>
              {app.builds.length ? (
                <>
                  The services of <Code>{app.branch}</Code> are deploying to the stages it maps to.
                </>
              ) : (
                <>
                  Nothing deploys from <Code>{app.branch}</Code> (no branch deployment or preview matches it). Push a branch to get a
                  preview.
                </>
              )}
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent>
          <ul className="space-y-1 text-sm">
            {app.builds.map((b) => (
              <li key={b.id}>
                <Link
                  className="text-accent-700 underline-offset-2 hover:underline"
                  href={`/builds/${b.id}`}
                  data-testid={`first-build-${b.service}-${b.stage}`}
                >
                  Build #{b.number}: {b.service} → {b.stage}
                </Link>
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
      <Button asChild variant="primary">
        <Link href={`/apps/${app.slug}`} data-testid="open-app">
          Open {app.slug}
        </Link>
      </Button>
    </div>
  );
}
