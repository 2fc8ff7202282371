// The page Entra (here, the dev tenant) returns to, as an app hosts it: the library's redirect-bridge entry
// hands the response to the window that started sign-in.
import '../../../src/redirect-bridge.js';
