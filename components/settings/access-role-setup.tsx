"use client";

import { useEffect, useMemo, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { CheckCircle2, Download, XCircle } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { ExternalLink } from "@/components/ui/external-link";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

/** The AWS console's quick-create link for the template once it sits where CloudFormation reads it (S3). */
function quickCreateUrl(o: { region: string; templateUrl: string; profileName: string; externalId: string; principalArn: string | null }) {
  const params = new URLSearchParams({
    templateURL: o.templateUrl,
    stackName: `slipway-${o.profileName}`.replace(/[^A-Za-z0-9-]/g, "-").slice(0, 128),
    param_ExternalId: o.externalId,
    ...(o.principalArn ? { param_SlipwayPrincipalArn: o.principalArn } : {}),
  });
  return `https://${o.region}.console.aws.amazon.com/cloudformation/home?region=${encodeURIComponent(o.region)}#/stacks/quickcreate?${params}`;
}

/**
 * Creating the access role without hand-editing JSON: the CloudFormation template (download, or a
 * quick-create link once uploaded to S3), and a note when the trust policy's principal is a placeholder.
 */
export function AccessRoleTemplate({
  profile,
}: {
  profile: {
    name: string;
    region: string;
    access: { externalId: string | null; principalConfigured: boolean; principalArn: string | null; cloudFormation: string | null };
  };
}) {
  const a = profile.access;
  const [templateUrl, setTemplateUrl] = useState("");
  const href = useMemo(
    () => (a.cloudFormation ? URL.createObjectURL(new Blob([a.cloudFormation], { type: "application/x-yaml" })) : null),
    [a.cloudFormation],
  );
  useEffect(
    () => () => {
      if (href) URL.revokeObjectURL(href);
    },
    [href],
  );
  if (!a.cloudFormation || !a.externalId || !href) return null;
  const validUrl = /^https:\/\/[^\s/]+\.amazonaws\.com\/\S+$/.test(templateUrl.trim());
  return (
    <div className="space-y-3 rounded-lg border border-border p-4" data-testid="access-cloudformation">
      {!a.principalConfigured && (
        <p className="text-sm text-warning-700" data-testid="access-principal-placeholder">
          The trust policy above names a placeholder account: this server does not say which AWS principal Slipway runs as (
          <code className="font-mono">SLIPWAY_AWS_PRINCIPAL_ARN</code>). The CloudFormation template asks for it when you create the stack.
        </p>
      )}
      <p className="text-sm font-medium">Create the role with CloudFormation</p>
      <p className="text-sm text-fg-muted">
        The template creates the role with this trust policy and external ID and outputs its ARN to paste above. Upload it in the
        CloudFormation console (Create stack → Upload a template file), or put it in S3 and use a quick-create link.
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <Button asChild variant="secondary" size="sm">
          <a href={href} download={`slipway-${profile.name}-role.yaml`} data-testid="access-template-download">
            <Download />
            Download template
          </a>
        </Button>
        <Field
          label="Template URL in S3"
          hint="For a quick-create link: https://<bucket>.s3.amazonaws.com/slipway-role.yaml"
          className="min-w-72 flex-1"
          error={templateUrl && !validUrl ? "Enter the template's https URL in S3 (…amazonaws.com/…)." : undefined}
        >
          <Input
            value={templateUrl}
            onChange={(e) => setTemplateUrl(e.target.value)}
            placeholder="https://my-bucket.s3.amazonaws.com/slipway-role.yaml"
            spellCheck={false}
            data-testid="access-template-url"
          />
        </Field>
      </div>
      {validUrl && (
        <ExternalLink
          href={quickCreateUrl({
            region: profile.region,
            templateUrl: templateUrl.trim(),
            profileName: profile.name,
            externalId: a.externalId,
            principalArn: a.principalArn,
          })}
          data-testid="access-quick-create"
        >
          Open quick-create in the AWS console ({profile.region})
        </ExternalLink>
      )}
    </div>
  );
}

/** "Test access": one STS round trip with the saved access, and what failed in words. */
export function TestAccessButton({ profileId, disabled }: { profileId: string; disabled?: boolean }) {
  const trpc = useTRPC();
  const test = useMutation(trpc.profiles.testAccess.mutationOptions());
  return (
    <div className="space-y-2" data-testid="access-test">
      <p className="text-sm text-fg-muted">
        Calls AWS STS with the saved access: assumes the role with its external ID, then asks who it is.
      </p>
      <Button
        type="button"
        variant="secondary"
        size="sm"
        loading={test.isPending}
        disabled={disabled}
        onClick={() => test.mutate({ id: profileId })}
        data-testid="access-test-button"
      >
        Test access
      </Button>
      {disabled && <p className="text-xs text-fg-muted">Save the access first; the test uses what is saved.</p>}
      {test.error && (
        <p role="alert" className="text-sm text-danger-700">
          {test.error.message}
        </p>
      )}
      {test.data && (
        <div
          role="status"
          className={
            test.data.ok
              ? "rounded-lg border border-success-200 bg-success-50 p-3 text-sm text-success-700"
              : "rounded-lg border border-danger-200 bg-danger-50 p-3 text-sm text-danger-700"
          }
          data-testid="access-test-result"
        >
          <p className="font-medium">{test.data.ok ? "Access works." : "Access does not work yet."}</p>
          <ul className="mt-1 space-y-1">
            {test.data.steps.map((s) => (
              <li key={s.name} className="flex gap-1.5">
                {s.ok ? (
                  <CheckCircle2 className="mt-0.5 size-4 shrink-0" aria-label="passed" />
                ) : (
                  <XCircle className="mt-0.5 size-4 shrink-0" aria-label="failed" />
                )}
                <span>
                  <strong>{s.name === "assume-role" ? "Assume role" : "Get caller identity"}:</strong> {s.detail}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
