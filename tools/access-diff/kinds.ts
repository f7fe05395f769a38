/** The kinds of change the access diff reports (tools/access-diff/changes.ts lists what each one covers), and one change. */

export type ChangeKind = "NEW" | "REMOVED" | "WEAKER" | "STRONGER" | "WIDER" | "NARROWER" | "CHANGED" | "FAILS" | "PASSES";

export const CHANGE_KINDS: readonly ChangeKind[] = ["NEW", "REMOVED", "WEAKER", "STRONGER", "WIDER", "NARROWER", "CHANGED", "FAILS", "PASSES"];

export interface Change {
    kind: ChangeKind;
    text: string;
}
