import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Served by the pipguard server under /admin (packages/server serves dist/ there).
export default defineConfig({
  base: "/admin/",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
});
