import { randomBytes } from "node:crypto";
import { DomainError } from "../errors";

/** An IAM role ARN: arn:aws:iam::<12-digit account>:role/<optional/path/>name. */
export const ROLE_ARN_RE = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
export const ACCESS_KEY_ID_RE = /^(AKIA|ASIA)[A-Z0-9]{16}$/;
const REGION_RE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const PROFILE_NAME_RE = /^[a-zA-Z][a-zA-Z0-9_-]{0,62}$/;

export function assertRoleArn(arn: string) {
  if (!ROLE_ARN_RE.test(arn)) {
    throw new DomainError("BAD_INPUT", "Paste an IAM role ARN: arn:aws:iam::<12-digit account id>:role/<name>.", "roleArn");
  }
}

export function assertRegion(region: string) {
  if (!REGION_RE.test(region)) throw new DomainError("BAD_INPUT", `"${region}" is not an AWS region (e.g. us-east-1).`, "region");
}

export function assertProfileName(name: string) {
  if (!PROFILE_NAME_RE.test(name)) {
    throw new DomainError("BAD_INPUT", "A profile name starts with a letter and holds only letters, digits, - and _ (at most 63).", "name");
  }
}

/** A fresh external ID: what the role's trust policy requires, so only Slipway (for this profile) can assume it. */
export function newExternalId(): string {
  return `slipway-${randomBytes(12).toString("hex")}`;
}

/** The trust policy an admin pastes into the role in AWS. */
export function trustPolicy(principalArn: string | undefined, externalId: string): string {
  return JSON.stringify(
    {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: principalArn ?? "arn:aws:iam::<SLIPWAY_AWS_ACCOUNT_ID>:root" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": externalId } },
        },
      ],
    },
    null,
    2,
  );
}

/**
 * A CloudFormation template that creates the profile's access role with the trust policy above, for
 * a quick-create stack: the principal (Slipway's AWS identity), the external ID and the role name
 * are stack parameters, so an install without SLIPWAY_AWS_PRINCIPAL_ARN leaves no placeholder in the
 * role — the admin fills the principal in when creating the stack. Its output is the ARN to paste back.
 */
export function accessRoleTemplate(opts: { profileName: string; externalId: string; principalArn: string | undefined }): string {
  const q = (s: string) => JSON.stringify(s);
  return [
    `AWSTemplateFormatVersion: "2010-09-09"`,
    `Description: ${q(`Slipway deploy role for the deployment profile ${opts.profileName}`)}`,
    `Parameters:`,
    `  SlipwayPrincipalArn:`,
    `    Type: String`,
    `    Description: The AWS principal Slipway runs as (ARN of its IAM user or role; the server's SLIPWAY_AWS_PRINCIPAL_ARN)`,
    `    AllowedPattern: "^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:(root|user/.+|role/.+)$"`,
    ...(opts.principalArn ? [`    Default: ${q(opts.principalArn)}`] : []),
    `  ExternalId:`,
    `    Type: String`,
    `    Description: The external ID Slipway sends when it assumes this role`,
    `    Default: ${q(opts.externalId)}`,
    `  RoleName:`,
    `    Type: String`,
    `    Default: ${q(`slipway-${opts.profileName}`.slice(0, 64))}`,
    `Resources:`,
    `  DeployRole:`,
    `    Type: AWS::IAM::Role`,
    `    Properties:`,
    `      RoleName: !Ref RoleName`,
    `      MaxSessionDuration: 3600`,
    `      AssumeRolePolicyDocument:`,
    `        Version: "2012-10-17"`,
    `        Statement:`,
    `          - Effect: Allow`,
    `            Principal:`,
    `              AWS: !Ref SlipwayPrincipalArn`,
    `            Action: sts:AssumeRole`,
    `            Condition:`,
    `              StringEquals:`,
    `                sts:ExternalId: !Ref ExternalId`,
    `      # serverless deploy creates CloudFormation stacks, IAM roles, Lambda functions and more:`,
    `      # narrow this to what your services use once they deploy.`,
    `      ManagedPolicyArns:`,
    `        - arn:aws:iam::aws:policy/AdministratorAccess`,
    `Outputs:`,
    `  RoleArn:`,
    `    Description: Paste this into the profile's Role ARN in Slipway`,
    `    Value: !GetAtt DeployRole.Arn`,
    ``,
  ].join("\n");
}
