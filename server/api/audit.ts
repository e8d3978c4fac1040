import { z } from "zod";
import { orgProcedure, router } from "../trpc/init";
import { listAudit } from "../domain/audit/list-audit";

export const auditRouter = router({
  list: orgProcedure("audit.read")
    .input(
      z.object({
        action: z.string().max(100).optional(),
        actorId: z.string().max(64).optional(),
        from: z.date().optional(),
        to: z.date().optional(),
        cursor: z.string().max(64).optional(),
        limit: z.number().int().min(1).max(200).optional(),
      }),
    )
    .query(({ ctx, input }) => listAudit(ctx.db, ctx.member.orgId, input)),
});
