/// <reference types="vite/client" />
interface ImportMetaEnv {
  readonly VITE_DEV_TENANT_URL?: string;
}
