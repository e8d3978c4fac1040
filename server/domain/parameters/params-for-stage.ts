import type { Db } from "../../db";
import type { Cipher } from "../secrets/cipher";

export type ParamSource = "profile" | "app" | "app-stage";

export interface StageParam {
  key: string;
  value: string;
  secret: boolean;
  source: ParamSource;
  profileName?: string;
}

export interface StageParams {
  profile: { id: string; name: string; region: string } | null;
  /** Slipway service-wide parameters: the profile's, then app-level overrides. */
  service: Record<string, string>;
  /** Slipway stage-level parameters: the app's overrides for this stage. */
  stage: Record<string, string>;
  /** Every parameter with where it came from (the winning one per key). */
  all: StageParam[];
  secrets: string[];
}

/** The profile a stage uses: its mapping, else the app's default profile. */
export async function profileForStage(db: Db, appId: string, stage: string) {
  const mapping = await db.stageMapping.findUnique({ where: { appId_stage: { appId, stage } }, include: { profile: true } });
  if (mapping) return mapping.profile;
  const app = await db.app.findUniqueOrThrow({ where: { id: appId }, include: { defaultProfile: true } });
  return app.defaultProfile;
}

/** What a secret reads as where it is not decrypted. */
export const HIDDEN_SECRET = "********";

/**
 * What `${param:}` sees for a stage of an app, with secrets decrypted (for builds, never the
 * browser). With `decrypt: false` no secret is decrypted at all: each secret row — at whatever
 * level, shadowed or not — reads as HIDDEN_SECRET.
 */
export async function paramsForStage(
  db: Db,
  cipher: Cipher,
  appId: string,
  stage: string,
  opts: { decrypt?: boolean } = {},
): Promise<StageParams> {
  const decrypt = opts.decrypt ?? true;
  const profile = await profileForStage(db, appId, stage);
  const rows = await db.parameter.findMany({
    where: {
      OR: [
        ...(profile ? [{ scope: "PROFILE" as const, profileId: profile.id }] : []),
        { scope: "APP", appId },
        { scope: "APP_STAGE", appId, stage },
      ],
    },
  });
  const order: Record<string, number> = { PROFILE: 0, APP: 1, APP_STAGE: 2 };
  rows.sort((a, b) => order[a.scope] - order[b.scope]);
  const service: Record<string, string> = {};
  const stageLevel: Record<string, string> = {};
  const byKey = new Map<string, StageParam>();
  const secrets: string[] = [];
  for (const row of rows) {
    const value = !row.secret ? (row.value ?? "") : !decrypt ? HIDDEN_SECRET : row.valueCipher ? cipher.decrypt(row.valueCipher) : "";
    if (row.secret && decrypt) secrets.push(value);
    if (row.scope === "APP_STAGE") stageLevel[row.key] = value;
    else service[row.key] = value;
    const source: ParamSource = row.scope === "PROFILE" ? "profile" : row.scope === "APP" ? "app" : "app-stage";
    byKey.set(row.key, { key: row.key, value, secret: row.secret, source, profileName: profile?.name });
  }
  return {
    profile: profile ? { id: profile.id, name: profile.name, region: profile.region } : null,
    service,
    stage: stageLevel,
    all: [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key)),
    secrets,
  };
}
