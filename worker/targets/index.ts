import type { DeployTarget as TargetKind } from "@prisma/client";
import type { BuildContext } from "../build-context";
import { deployLocal, removeLocal } from "./local";
import { scriptTarget } from "./script";
import { serverlessTarget } from "./serverless";

/** What a service's `target` does at the deploy and remove steps. */
export interface DeployTarget {
  deploy(ctx: BuildContext): Promise<unknown>;
  remove(ctx: BuildContext): Promise<unknown>;
}

const TARGETS: Record<TargetKind, DeployTarget> = {
  LOCAL: { deploy: deployLocal, remove: removeLocal },
  SERVERLESS: serverlessTarget,
  SCRIPT: scriptTarget,
};

export function targetFor(kind: TargetKind): DeployTarget {
  return TARGETS[kind];
}

/** The deploy and remove steps, dispatched on the build's service target. */
export const deployStep = (ctx: BuildContext) => targetFor(ctx.build.service.target).deploy(ctx);
export const removeStep = (ctx: BuildContext) => targetFor(ctx.build.service.target).remove(ctx);
