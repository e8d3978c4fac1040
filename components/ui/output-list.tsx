/** A service's published outputs, key and value per line (values already masked by the server). */
export function OutputList({ outputs, "data-testid": testId }: { outputs: Record<string, unknown>; "data-testid"?: string }) {
  return (
    <dl className="grid grid-cols-[minmax(0,max-content)_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm" data-testid={testId}>
      {Object.entries(outputs).map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="break-all font-mono text-fg-muted">{k}</dt>
          <dd className="break-all font-mono">{typeof v === "string" ? v : JSON.stringify(v)}</dd>
        </div>
      ))}
    </dl>
  );
}
