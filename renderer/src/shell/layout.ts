const KEY = 'studio.sidebar';

/** The sidebar starts folded on narrow windows (1024 px leaves the pages too little room) unless the user chose. */
export function savedCollapsed(): boolean {
  const v = localStorage.getItem(KEY);
  if (v === 'collapsed') return true;
  if (v === 'open') return false;
  return window.innerWidth < 1200;
}

export function saveCollapsed(collapsed: boolean): void {
  localStorage.setItem(KEY, collapsed ? 'collapsed' : 'open');
}

export const drawerWidth = (collapsed: boolean) => (collapsed ? 68 : 200);
