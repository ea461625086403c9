import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL, type Role } from '../../shared/contract/contract';
import { buildApi } from './bridge';

/**
 * The preload of every window. scripts/build.mjs bundles it once per role of the window registry
 * (shared/contract/windows.ts) into out/preload/<bundle>.cjs, replacing MADOGUCHI_WINDOW_ROLE with that role:
 * the role is fixed in the file main gives the window, never taken from the page.
 */
declare const MADOGUCHI_WINDOW_ROLE: Role;

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, buildApi(ipcRenderer, MADOGUCHI_WINDOW_ROLE));
