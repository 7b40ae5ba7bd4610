/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Origin of the AuraStream service the panel calls; empty for the origin serving the panel. */
  readonly VITE_AURASTREAM_API_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
