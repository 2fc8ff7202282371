/// <reference types="vite/client" />
interface ImportMetaEnv {
  readonly VITE_DEV_TENANT_URL?: string;
  readonly VITE_PROXY_URL?: string;
}
