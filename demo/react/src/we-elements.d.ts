/// <reference types="vite/client" />
import type { WeIntrinsicElements } from 'we-meeting/react';

// Types <we-meeting onwe-join={…}> and the other elements in this app's JSX (React 19).
declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends WeIntrinsicElements {}
  }
}

interface ImportMetaEnv {
  /** The meeting server's URL, e.g. https://meet.example.com. */
  readonly VITE_WE_SERVER?: string;
}
