// The page Entra (here, the dev tenant) returns to: hands the response to the window that started sign-in.
import { broadcastResponseToMainFrame } from '@azure/msal-browser/redirect-bridge';

void broadcastResponseToMainFrame();
