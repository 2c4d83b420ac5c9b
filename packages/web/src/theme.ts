// Dark and light themes: CSS variables switched by <html data-theme>, remembered in localStorage;
// the first visit follows the system preference. Charts read the same variables.
import { useState } from 'react';

export type Theme = 'light' | 'dark';
const KEY = 'sextant.theme';

export function useTheme(): [Theme, () => void] {
  // The attribute is set before React renders with the new theme: charts read the CSS variables in
  // their effects, which run before this component's own.
  const [theme, setTheme] = useState<Theme>(() => {
    const saved = localStorage.getItem(KEY);
    const initial = saved === 'light' || saved === 'dark' ? saved : matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    document.documentElement.dataset.theme = initial;
    return initial;
  });
  const toggle = (): void => {
    const next = theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem(KEY, next);
    document.documentElement.dataset.theme = next;
    setTheme(next);
  };
  return [theme, toggle];
}

/** A CSS variable's current value, for canvas charts. */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** Distinct run colors, stable by position. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#8cd17d', '#499894', '#d37295'];
export const colorAt = (i: number): string => PALETTE[i % PALETTE.length];
