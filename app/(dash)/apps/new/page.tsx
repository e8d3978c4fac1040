import type { Metadata } from "next";
import { NewAppFlow } from "@/components/apps/new-app/new-app-flow";

export const metadata: Metadata = { title: "New app" };

export default function NewAppPage() {
  return <NewAppFlow />;
}
