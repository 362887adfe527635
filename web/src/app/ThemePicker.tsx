import { useEffect, useState } from "react";

import { THEME_EVENT, setThemeChoice, themeChoice } from "../lib/theme";
import type { ThemeChoice } from "../lib/theme";

/** Light, dark, or as the system says; remembered in this browser. */
export function ThemePicker() {
  const [choice, setChoice] = useState<ThemeChoice>(() => themeChoice());
  useEffect(() => {
    // chosen in another tab (storage) or by code (the event): show what is in force
    const update = () => setChoice(themeChoice());
    window.addEventListener(THEME_EVENT, update);
    window.addEventListener("storage", update);
    return () => {
      window.removeEventListener(THEME_EVENT, update);
      window.removeEventListener("storage", update);
    };
  }, []);
  return (
    <label className="theme-picker">
      <span className="visually-hidden">Theme</span>
      <select
        value={choice}
        onChange={(event) => {
          const next = event.target.value as ThemeChoice;
          setChoice(next);
          setThemeChoice(next);
        }}
      >
        <option value="system">System theme</option>
        <option value="light">Light theme</option>
        <option value="dark">Dark theme</option>
      </select>
    </label>
  );
}
