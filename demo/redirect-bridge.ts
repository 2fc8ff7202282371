// Entra (or the dev tenant) returns here after sign-in; MSAL's bridge hands the response to the app window.
import { broadcastResponseToMainFrame } from '@azure/msal-browser/redirect-bridge';

void broadcastResponseToMainFrame();
