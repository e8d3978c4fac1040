"use client";

import { createContext, useContext } from "react";

export type FieldControlProps = {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
  required?: boolean;
};

export const FieldContext = createContext<FieldControlProps | null>(null);

/**
 * Props a control inside <Field> should spread (id, aria-describedby, aria-invalid, required).
 * Input, Textarea, Select and Checkbox already do; use this for custom controls.
 */
export function useFieldControl(): FieldControlProps | null {
  return useContext(FieldContext);
}
