import { createRoot } from "react-dom/client";

function App() {
  return <h1>pipguard 管理控制台 · Admin console</h1>;
}

createRoot(document.getElementById("root")!).render(<App />);
