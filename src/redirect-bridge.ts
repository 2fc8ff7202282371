// `tpe-elements/redirect-bridge`: the whole script of the page Entra returns to after sign-in (the
// `redirect-uri` of <tpe-consent>). Importing it runs MSAL's redirect bridge, which hands the response to the
// window that started the sign-in. Through this entry, the app's page needs no import of a package it never
// declared (`@azure/msal-browser/redirect-bridge` resolves only where npm hoisted it, never under pnpm).
import { broadcastResponseToMainFrame } from '@azure/msal-browser/redirect-bridge';

void broadcastResponseToMainFrame();
