// features/auth: sign-in (password and single sign-on), the current analyst, sign-out.
export { UserMenu } from "./components/UserMenu";
export { useSession } from "./hooks/useSession";
