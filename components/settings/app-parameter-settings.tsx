"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Code } from "@/components/ui/code";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { ParameterTable } from "./parameter-table";
import { StageParamCheck } from "./stage-param-check";
import { useAppSettings } from "./use-app-settings";
import { errorFor, useCan } from "./use-me";

/** Parameters: the app's overrides, per-stage overrides, and what a stage will see. */
export function AppParameterSettings({ slug }: { slug: string }) {
  const can = useCan();
  const settings = useAppSettings(slug);
  const [stage, setStage] = useState("dev");
  if (!settings.data) return <Skeleton className="h-64 w-full" />;
  const s = settings.data;
  const stageParams = s.stageParameters.filter((p) => p.stage === stage);
  const stagesWithParams = [...new Set(s.stageParameters.map((p) => p.stage!))];
  return (
    <>
      <StageViewCard slug={slug} />
      <Card>
        <CardHeader>
          <div>
            <CardTitle>App parameters</CardTitle>
            <CardDescription>Override a profile’s parameters for every stage of this app.</CardDescription>
          </div>
        </CardHeader>
        <CardContent>
          <ParameterTable
            owner={{ kind: "app", appSlug: slug }}
            params={s.appParameters}
            canEdit={can("parameters.write")}
            testId="app-params"
          />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Stage parameters</CardTitle>
            <CardDescription>
              Override parameters for one stage of this app (they win over app and profile values).
              {stagesWithParams.length ? ` Stages with overrides: ${stagesWithParams.join(", ")}.` : ""}
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent className="space-y-4">
          <Field label="Stage" className="max-w-xs">
            <Input value={stage} onChange={(e) => setStage(e.target.value.trim())} data-testid="stage-params-stage" />
          </Field>
          {stage && (
            <ParameterTable
              key={stage}
              owner={{ kind: "app-stage", appSlug: slug, stage }}
              params={stageParams}
              canEdit={can("parameters.write")}
              testId="stage-params"
            />
          )}
        </CardContent>
      </Card>
    </>
  );
}

const SOURCE_LABEL = { profile: "profile", app: "app override", "app-stage": "stage override" } as const;

/** "What will a stage see?": its parameters with where each comes from, then what each service's serverless.yml asks for. */
function StageViewCard({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const [input, setInput] = useState("");
  const [stage, setStage] = useState<string | null>(null);
  const view = useQuery({
    ...trpc.stages.resolve.queryOptions({ appSlug: slug, stage: stage ?? "" }),
    enabled: stage !== null,
    retry: false,
  });
  return (
    <Card data-testid="stage-view-card">
      <CardHeader>
        <div>
          <CardTitle>What will a stage see?</CardTitle>
          <CardDescription>
            The parameters any stage resolves, where each comes from, and whether every <Code>{"${param:…}"}</Code> its services use is
            there. Secrets stay masked.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="space-y-4">
        <form
          className="flex items-start gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            setStage(input.trim());
          }}
        >
          <Field label="Stage" error={errorFor(view.error, "stage")}>
            <Input value={input} onChange={(e) => setInput(e.target.value)} placeholder="alice" data-testid="stage-view-input" />
          </Field>
          <Button type="submit" className="mt-6" data-testid="stage-view-submit">
            Show
          </Button>
        </form>
        {view.data && (
          <div className="space-y-5" data-testid="stage-view-result">
            <p className="text-sm text-fg-muted" data-testid="stage-view-profile">
              Stage <Code>{view.data.stage}</Code>{" "}
              {view.data.profile ? (
                <>
                  uses <strong>{view.data.profile.name}</strong> ({view.data.via === "mapping" ? "mapped" : "default profile"}, region{" "}
                  {view.data.profile.region})
                </>
              ) : (
                "has no profile: map it or set a default profile."
              )}
            </p>
            <Table>
              <THead>
                <Tr>
                  <Th>Key</Th>
                  <Th>Value</Th>
                  <Th>From</Th>
                </Tr>
              </THead>
              <TBody>
                {view.data.parameters.map((p) => (
                  <Tr key={p.key} data-testid={`stage-view-param-${p.key}`}>
                    <Td>
                      <Code>{p.key}</Code>
                    </Td>
                    <Td data-testid="stage-view-value">
                      {p.secret ? (
                        <span className="inline-flex items-center gap-1.5 text-fg-muted">
                          <KeyRound className="size-3.5" aria-hidden="true" />
                          •••••••• <Badge>secret</Badge>
                        </span>
                      ) : (
                        <span className="font-mono text-[13px]">{p.value}</span>
                      )}
                    </Td>
                    <Td>
                      <Badge tone={p.source === "profile" ? "neutral" : "accent"}>{SOURCE_LABEL[p.source]}</Badge>
                      {p.overrides.length > 0 && (
                        <span className="ml-2 text-xs text-fg-subtle">overrides {p.overrides.map((o) => SOURCE_LABEL[o]).join(", ")}</span>
                      )}
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
            <div className="space-y-2">
              <h3 className="text-sm font-semibold">What each service needs</h3>
              <StageParamCheck slug={slug} stage={view.data.stage} />
            </div>
          </div>
        )}
        {view.error && !errorFor(view.error, "stage") && <FormError message={view.error.message} />}
      </CardContent>
    </Card>
  );
}
