import { ApiError, apiClient } from "./api";
import { loadConfig } from "./config";
import { UsageError, type CliIo } from "./io";
import { locateService } from "./locate-service";

/**
 * What `slipway print` takes from the server when logged in: the stage's parameters (secrets only
 * for roles that may deploy; others see a placeholder) and the org's published outputs of the app.
 * Null when not logged in: print then works offline, as before.
 */
export async function serverInputs(io: CliIo, serviceDir: string, opts: { app?: string; stage: string }) {
  const config = await loadConfig(io.env);
  if (!config) return null;
  const api = apiClient(config);
  try {
    const app = opts.app ?? (await locateService(api, serviceDir, {})).app;
    const params = await api.get<{ service: Record<string, string>; stageLevel: Record<string, string> }>(
      `/apps/${encodeURIComponent(app)}/params?stage=${encodeURIComponent(opts.stage)}`,
    );
    const rows = await api.get<{ key: string; values: Record<string, unknown> }[]>(`/apps/${encodeURIComponent(app)}/outputs`);
    return {
      app,
      params: { service: params.service, stage: params.stageLevel },
      outputs: Object.fromEntries(rows.map((r) => [r.key, r.values])),
    };
  } catch (e) {
    if (e instanceof ApiError) return { error: `${e.message} (use --offline to print without the server)` };
    if (e instanceof UsageError) return { error: e.message };
    throw e;
  }
}
