/**
 * The slice of Electron's API the shell uses. tsconfig `paths` points `electron` here so the
 * typecheck is the same whether or not the Electron binary could be installed (on build
 * machines it cannot). Keep it to what the shell calls; signatures follow Electron's docs.
 */
declare module 'electron' {
  interface WebPreferences {
    preload?: string;
    contextIsolation?: boolean;
    sandbox?: boolean;
    nodeIntegration?: boolean;
    nodeIntegrationInWorker?: boolean;
    nodeIntegrationInSubFrames?: boolean;
    webSecurity?: boolean;
    allowRunningInsecureContent?: boolean;
    experimentalFeatures?: boolean;
    webviewTag?: boolean;
    spellcheck?: boolean;
  }
  interface BrowserWindowConstructorOptions {
    width?: number;
    height?: number;
    minWidth?: number;
    minHeight?: number;
    show?: boolean;
    title?: string;
    backgroundColor?: string;
    autoHideMenuBar?: boolean;
    webPreferences?: WebPreferences;
  }
  interface WebFrameMain {
    url: string;
  }
  interface WebContents {
    id: number;
    send(channel: string, ...args: unknown[]): void;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' | 'allow' }): void;
    on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): this;
    isDestroyed(): boolean;
  }
  interface IpcMainInvokeEvent {
    sender: WebContents;
    senderFrame: WebFrameMain | null;
  }
  interface IpcRendererEvent {
    sender: unknown;
  }
  class BrowserWindow {
    constructor(options?: BrowserWindowConstructorOptions);
    webContents: WebContents;
    loadURL(url: string): Promise<void>;
    loadFile(path: string): Promise<void>;
    show(): void;
    once(event: 'ready-to-show', listener: () => void): this;
    on(event: 'closed', listener: () => void): this;
    static getAllWindows(): BrowserWindow[];
  }
  const app: {
    whenReady(): Promise<void>;
    getPath(name: 'userData' | 'home' | 'temp'): string;
    on(event: 'window-all-closed' | 'activate' | 'before-quit', listener: () => void): void;
    quit(): void;
    isPackaged: boolean;
  };
  const ipcMain: {
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
    removeHandler(channel: string): void;
  };
  const ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): void;
    removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): void;
  };
  const webUtils: {
    getPathForFile(file: File): string;
  };
  interface UtilityProcess {
    pid: number | undefined;
    stderr: NodeJS.ReadableStream | null;
    postMessage(message: unknown): void;
    kill(): boolean;
    on(event: 'message', listener: (message: unknown) => void): this;
    once(event: 'exit', listener: (code: number) => void): this;
  }
  const utilityProcess: {
    fork(modulePath: string, args?: string[], options?: { env?: NodeJS.ProcessEnv; stdio?: 'pipe' | 'ignore' | 'inherit'; serviceName?: string }): UtilityProcess;
  };
  const contextBridge: {
    exposeInMainWorld(key: string, api: unknown): void;
  };
  const protocol: {
    handle(scheme: string, handler: (request: { url: string }) => Response | Promise<Response>): void;
    registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: { standard?: boolean; secure?: boolean; supportFetchAPI?: boolean } }>): void;
  };
  const net: {
    fetch(url: string): Promise<Response>;
  };
  const shell: {
    openExternal(url: string): Promise<void>;
  };
  const Menu: {
    buildFromTemplate(template: Array<Record<string, unknown>>): unknown;
    setApplicationMenu(menu: unknown): void;
  };
}
