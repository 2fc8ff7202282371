// What only the admin view needs (Graph, directory search, the admin panel, @lit/task), in one module that
// `<tpe-consent mode="admin">` loads on demand, so agent desktops never fetch it.
export { AdminController } from '../consent/admin-controller.js';
export { adminPanel } from './admin-panel.js';
