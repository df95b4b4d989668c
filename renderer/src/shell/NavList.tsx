import { useRef, type KeyboardEvent } from 'react';
import { List, ListItemButton, ListItemIcon, ListItemText, Tooltip } from '@mui/material';
import { pages } from '../pages/registry';
import { navigate } from './route';

/**
 * The sidebar's pages. Arrow keys move between them (Home/End to the ends), as in a menu; Tab leaves
 * the list in one step because only the current page is in the tab order (a roving tab index).
 */
export function NavList({ current, collapsed }: { current: string; collapsed: boolean }) {
  const ref = useRef<HTMLElement>(null);
  const onKey = (e: KeyboardEvent) => {
    const items = [...(ref.current?.querySelectorAll<HTMLElement>('[data-nav-item]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (at < 0) return;
    const to = e.key === 'ArrowDown' ? (at + 1) % items.length : e.key === 'ArrowUp' ? (at - 1 + items.length) % items.length : e.key === 'Home' ? 0 : e.key === 'End' ? items.length - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    items[to]!.focus();
  };
  return (
    <List component="nav" aria-label="Pages" ref={ref} onKeyDown={onKey}>
      {pages.map((p) => {
        const button = (
          <ListItemButton
            key={p.id}
            data-nav-item
            selected={p.id === current}
            aria-current={p.id === current ? 'page' : undefined}
            tabIndex={p.id === current ? 0 : -1}
            onClick={() => navigate(p.id)}
            data-testid={`nav-${p.id}`}
            aria-label={collapsed ? p.label : undefined}
            sx={{ px: collapsed ? 2.5 : 2 }}
          >
            <ListItemIcon sx={{ minWidth: collapsed ? 0 : 40 }}>{p.icon}</ListItemIcon>
            {!collapsed && <ListItemText primary={p.label} />}
          </ListItemButton>
        );
        return collapsed ? (
          <Tooltip key={p.id} title={p.label} placement="right">
            {button}
          </Tooltip>
        ) : (
          button
        );
      })}
    </List>
  );
}
