// Light, dark, or whatever the system prefers: the analyst's choice is kept per browser and applied as
// data-theme on <html>, which styles.css reads. Charts follow it through useEffectiveTheme().
import { useEffect, useState } from "react";

export type ThemeChoice = "system" | "light" | "dark";
export type Theme = "light" | "dark";

const KEY = "mozdef.theme";
/** Dispatched on window when the choice changes in this tab. */
export const THEME_EVENT = "mozdef-theme";

function storage(): Storage | null {
  return typeof window !== "undefined" ? window.localStorage : null;
}

export function themeChoice(): ThemeChoice {
  const stored = storage()?.getItem(KEY);
  return stored === "light" || stored === "dark" ? stored : "system";
}

function systemTheme(): Theme {
  if (typeof window === "undefined" || !window.matchMedia) return "light";
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

export function effectiveTheme(choice: ThemeChoice = themeChoice()): Theme {
  return choice === "system" ? systemTheme() : choice;
}

/** Apply ``choice`` to the page and remember it. */
export function setThemeChoice(choice: ThemeChoice): void {
  const store = storage();
  if (choice === "system") store?.removeItem(KEY);
  else store?.setItem(KEY, choice);
  applyTheme();
  window.dispatchEvent(new Event(THEME_EVENT));
}

/** Put the remembered choice on <html> (called once before the first render, so nothing flashes). */
export function applyTheme(): void {
  if (typeof document === "undefined") return;
  document.documentElement.dataset.theme = effectiveTheme();
}

/** The theme in force, following the analyst's choice and, for "system", the operating system. */
export function useEffectiveTheme(): Theme {
  const [theme, setTheme] = useState<Theme>(() => effectiveTheme());
  useEffect(() => {
    const update = () => setTheme(effectiveTheme());
    const media = window.matchMedia?.("(prefers-color-scheme: dark)");
    const onMedia = () => {
      applyTheme();
      update();
    };
    window.addEventListener(THEME_EVENT, update);
    window.addEventListener("storage", onMedia);
    media?.addEventListener("change", onMedia);
    return () => {
      window.removeEventListener(THEME_EVENT, update);
      window.removeEventListener("storage", onMedia);
      media?.removeEventListener("change", onMedia);
    };
  }, []);
  return theme;
}

/** The value of a CSS custom property of the page (``--accent``), for drawing code that cannot use CSS. */
export function cssVar(name: string, fallback = ""): string {
  if (typeof document === "undefined") return fallback;
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}
