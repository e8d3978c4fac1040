// The digest lives with the artifact store (server/artifacts), which checks what it fetches; the sandbox re-exports it.
export { digestArtifact, verifyArtifact } from "../../server/artifacts/artifact-digest";
