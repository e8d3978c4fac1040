"use client";

import { useEffect } from "react";

/**
 * The browser tab's title for pages whose name comes from data ("Build #20 · workshop"). Set after
 * render, so it also wins over the layout's static title on client-side navigation.
 */
export function DocumentTitle({ parts }: { parts: string[] }) {
  const title = [...parts, "Slipway"].join(" · ");
  useEffect(() => {
    document.title = title;
  }, [title]);
  return null;
}
