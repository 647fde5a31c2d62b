/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The meeting server's URL, e.g. https://meet.example.com. */
  readonly VITE_WE_SERVER?: string;
}
