import { ROLE_LABELS } from "@/server/domain/auth/permissions";

export type Role = keyof typeof ROLE_LABELS;
export const ROLE_OPTIONS = (Object.keys(ROLE_LABELS) as Role[]).map((value) => ({ value, label: ROLE_LABELS[value] }));
