"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { CodeBlock } from "@/components/ui/code";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { errorFor, formError } from "../use-me";
import { EVENT_OPTIONS, splitList, type EventValue } from "./event-labels";

type Kind = "SLACK" | "EMAIL" | "WEBHOOK";

/** Adds a channel: where to (Slack/webhook URL or email recipients) and its rule (events, stages, services). */
export function ChannelForm({ slug, services, onDone }: { slug: string; services: string[]; onDone: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [kind, setKind] = useState<Kind>("WEBHOOK");
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [recipients, setRecipients] = useState("");
  const [smtpUrl, setSmtpUrl] = useState("");
  const [events, setEvents] = useState<EventValue[]>(["build.failed"]);
  const [stages, setStages] = useState("");
  const [picked, setPicked] = useState<string[]>([]);
  const create = useMutation(
    trpc.notifications.create.mutationOptions({
      onSuccess: () => qc.invalidateQueries({ queryKey: trpc.notifications.list.queryKey({ appSlug: slug }) }),
    }),
  );
  const toggle = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const rule = { events, stages: splitList(stages), services: picked };
  const submit = () => {
    const target = kind === "EMAIL" ? { kind, recipients: splitList(recipients), ...(smtpUrl && { smtpUrl }) } : { kind, url };
    create.mutate({ appSlug: slug, name, ...rule, ...target } as Parameters<typeof create.mutate>[0], {
      onSuccess: (res) => {
        toast.success(`Channel ${name} added`);
        if (!res.signingSecret) onDone();
      },
    });
  };
  if (create.data?.signingSecret) {
    return (
      <div className="space-y-3" data-testid="channel-signing-secret">
        <p className="text-sm text-fg-muted">
          The receiver checks each request&apos;s <code>Slipway-Signature</code> with this secret. Copy it now: Slipway will not show it
          again.
        </p>
        <CodeBlock title="Signing secret">{create.data.signingSecret}</CodeBlock>
        <Button onClick={onDone} data-testid="channel-secret-done">
          Done
        </Button>
      </div>
    );
  }
  const fields = ["name", "url", "recipients", "smtpUrl", "events", "stages", "services"];
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      data-testid="channel-form"
    >
      <div className="flex flex-wrap gap-3">
        <Field label="Kind" className="w-40">
          <Select
            value={kind}
            onChange={(e) => setKind(e.target.value as Kind)}
            data-testid="channel-kind"
            options={[
              { value: "WEBHOOK", label: "Webhook (signed)" },
              { value: "SLACK", label: "Slack" },
              { value: "EMAIL", label: "Email" },
            ]}
          />
        </Field>
        <Field label="Name" className="min-w-48 flex-1" error={errorFor(create.error, "name")}>
          <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="team chat" data-testid="channel-name" />
        </Field>
      </div>
      {kind === "EMAIL" ? (
        <div className="flex flex-wrap gap-3">
          <Field
            label="Recipients"
            hint="Comma-separated addresses"
            className="min-w-72 flex-1"
            error={errorFor(create.error, "recipients")}
          >
            <Input
              value={recipients}
              onChange={(e) => setRecipients(e.target.value)}
              placeholder="team@example.com"
              data-testid="channel-recipients"
            />
          </Field>
          <Field
            label="SMTP server"
            optional
            hint="smtp://user:password@host:587 — leave empty to use the server's"
            className="min-w-72 flex-1"
          >
            <Input
              type="password"
              value={smtpUrl}
              onChange={(e) => setSmtpUrl(e.target.value)}
              autoComplete="off"
              data-testid="channel-smtp"
            />
          </Field>
        </div>
      ) : (
        <Field
          label={kind === "SLACK" ? "Incoming webhook URL" : "Webhook URL"}
          hint="Stored encrypted; only its host is shown afterwards"
          error={errorFor(create.error, "url")}
        >
          <Input
            type="password"
            value={url}
            onChange={(e) => setUrl(e.target.value.trim())}
            autoComplete="off"
            placeholder="https://…"
            data-testid="channel-url"
          />
        </Field>
      )}
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Events</legend>
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
          {EVENT_OPTIONS.map((o) => (
            <Checkbox
              key={o.value}
              label={o.label}
              checked={events.includes(o.value)}
              onChange={() => setEvents(toggle(events, o.value))}
              data-testid={`channel-event-${o.value}`}
            />
          ))}
        </div>
      </fieldset>
      <div className="flex flex-wrap gap-3">
        <Field label="Only these stages" optional hint="Comma-separated; empty = every stage" className="min-w-60 flex-1">
          <Input value={stages} onChange={(e) => setStages(e.target.value)} placeholder="staging, prod" data-testid="channel-stages" />
        </Field>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">
            Only these services <span className="font-normal text-fg-subtle">(none = all)</span>
          </legend>
          <div className="flex flex-wrap gap-3">
            {services.map((s) => (
              <Checkbox
                key={s}
                label={s}
                checked={picked.includes(s)}
                onChange={() => setPicked(toggle(picked, s))}
                data-testid={`channel-service-${s}`}
              />
            ))}
          </div>
        </fieldset>
      </div>
      {formError(create.error, fields) && (
        <p role="alert" className="text-sm text-danger-700" data-testid="channel-error">
          {formError(create.error, fields)}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" loading={create.isPending} data-testid="channel-save">
          Add channel
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
