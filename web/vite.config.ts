import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// `npm run dev` proxies the API (REST and WebSocket) to a local `mozdef up`, so the app is same-origin
// exactly as when the api service serves the build.
const api = process.env.MOZDEF_API ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  base: "/",
  build: { outDir: "dist", assetsDir: "assets", sourcemap: true },
  server: { proxy: { "/api": { target: api, ws: true, changeOrigin: false } } },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
