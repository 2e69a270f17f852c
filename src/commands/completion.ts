import type { Command } from 'commander';
import type { CommandContext } from '../terminal/command-context.js';
import { UsageError } from '../errors.js';
import type { DynamicKind } from './complete-words.js';

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/** One option as completion sees it. */
export interface CompletionOption {
  /** `--format`, `-y`... (long first). */
  flags: string[];
  description: string;
  takesValue: boolean;
  /** Allowed values (commander `.choices()`), empty when free. */
  choices: string[];
  /** Values read from the project at completion time (`datachat __complete <kind>`). */
  dynamic?: DynamicKind;
}

/** A command of the tree: `path` is the space-joined names below the program ('' for the program itself). */
export interface CompletionCommand {
  path: string;
  name: string;
  description: string;
  options: CompletionOption[];
  subcommands: CompletionCommand[];
  /** Choices of the positional arguments (e.g. `completion <shell>`). */
  argumentChoices: string[];
  /** Project words the positional arguments take (connection ids, DataPoint ids), if any. */
  argumentDynamic?: DynamicKind;
}

/** Which project words a value named `<name>` takes: connection ids, approved or pending DataPoint ids. */
function dynamicKind(valueName: string | undefined): DynamicKind | undefined {
  if (valueName === 'connection') return 'connections';
  if (valueName === 'id') return 'datapoints';
  if (valueName === 'ids') return 'pending';
  return undefined;
}

/**
 * The completion model of a commander program, walked recursively from `program.commands`, so the
 * scripts follow whatever commands and options program.ts declares.
 */
export function completionTree(program: Command, parentPath = ''): CompletionCommand {
  const options: CompletionOption[] = program.options
    .filter((o) => !o.hidden)
    .map((o) => ({
      flags: [o.long, o.short].filter((f): f is string => Boolean(f)),
      description: o.description,
      takesValue: Boolean(o.required || o.optional),
      choices: [...(o.argChoices ?? [])],
      ...withDynamic(dynamicKind(/<([^>.]+)(?:\.\.\.)?>/.exec(o.flags)?.[1])),
    }));
  options.push({ flags: ['--help', '-h'], description: 'display help', takesValue: false, choices: [] });
  const subcommands = program.commands
    .filter((c) => !(c as Command & { _hidden?: boolean })._hidden)
    .map((c) => completionTree(c, parentPath ? `${parentPath} ${c.name()}` : c.name()));
  return {
    path: parentPath,
    name: program.name(),
    description: program.description(),
    options,
    subcommands,
    argumentChoices: program.registeredArguments.flatMap((a) => a.argChoices ?? []),
    ...withDynamic(program.registeredArguments.map((a) => dynamicKind(a.name())).find(Boolean), 'argumentDynamic'),
  };
}

function withDynamic(
  kind: DynamicKind | undefined,
  key: 'dynamic' | 'argumentDynamic' = 'dynamic',
): Record<string, DynamicKind> {
  return kind ? { [key]: kind } : {};
}

function flatten(node: CompletionCommand): CompletionCommand[] {
  return [node, ...node.subcommands.flatMap(flatten)];
}

/** Single-quoted for POSIX shells (bash, zsh). */
function sq(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Single-quoted for fish (only \ and ' are special inside). */
function fq(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const flagsOf = (node: CompletionCommand): string[] => node.options.flatMap((o) => o.flags);
const valueFlagsOf = (node: CompletionCommand): string[] =>
  node.options.filter((o) => o.takesValue).flatMap((o) => o.flags);

/** `case` arms mapping a command path (and optionally a flag) to a word list, shared by bash and zsh. */
function caseFunction(name: string, arms: [string, string][], key: string): string {
  const body = arms.filter(([, words]) => words).map(([k, words]) => `    ${sq(k)}) echo ${sq(words)} ;;`);
  return [`${name}() {`, `  case ${key} in`, ...body, '  esac', '}'].join('\n');
}

/** The data functions (names only) both POSIX scripts use to find where the cursor is. */
function posixData(prefix: string, tree: CompletionCommand): string {
  const nodes = flatten(tree);
  return [
    caseFunction(
      `${prefix}_subcommands`,
      nodes.map((n) => [n.path, n.subcommands.map((s) => s.name).join(' ')]),
      '"$1"',
    ),
    caseFunction(
      `${prefix}_options`,
      nodes.map((n) => [n.path, flagsOf(n).join(' ')]),
      '"$1"',
    ),
    caseFunction(
      `${prefix}_value_options`,
      nodes.map((n) => [n.path, valueFlagsOf(n).join(' ')]),
      '"$1"',
    ),
    caseFunction(
      `${prefix}_choices`,
      nodes.flatMap((n) =>
        n.options.flatMap((o) => o.flags.map((f): [string, string] => [`${n.path}|${f}`, o.choices.join(' ')])),
      ),
      '"$1|$2"',
    ),
    caseFunction(
      `${prefix}_arguments`,
      nodes.map((n) => [n.path, n.argumentChoices.join(' ')]),
      '"$1"',
    ),
    caseFunction(
      `${prefix}_dynamic`,
      nodes.flatMap((n) =>
        n.options.flatMap((o) => o.flags.map((f): [string, string] => [`${n.path}|${f}`, o.dynamic ?? ''])),
      ),
      '"$1|$2"',
    ),
    caseFunction(
      `${prefix}_dynamic_arguments`,
      nodes.map((n) => [n.path, n.argumentDynamic ?? '']),
      '"$1"',
    ),
  ].join('\n\n');
}

/** bash: `complete -F`; options of the program (global) are offered in every command. */
export function bashCompletion(tree: CompletionCommand): string {
  const bin = tree.name;
  const f = `_${bin.replace(/[^a-zA-Z0-9_]/g, '_')}`;
  return `# ${bin} bash completion, generated by \`${bin} completion bash\` from the command tree.
# Install: ${bin} completion bash > ~/.local/share/bash-completion/completions/${bin}
#      or: source <(${bin} completion bash)

${posixData(f, tree)}

${f}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmdpath="" word i skip=0
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    if ((skip)); then skip=0; continue; fi
    if [[ "$word" == -* ]]; then
      if [[ " $(${f}_value_options "$cmdpath") $(${f}_value_options '') " == *" $word "* ]]; then skip=1; fi
      continue
    fi
    if [[ " $(${f}_subcommands "$cmdpath") " == *" $word "* ]]; then cmdpath="\${cmdpath:+$cmdpath }$word"; fi
  done
  if ((skip)); then
    local prev="\${COMP_WORDS[COMP_CWORD-1]}" choices
    choices="$(${f}_choices "$cmdpath" "$prev")"
    [[ -z "$choices" ]] && choices="$(${f}_choices '' "$prev")"
    local kind="$(${f}_dynamic "$cmdpath" "$prev")"
    [[ -n "$kind" ]] && choices="$(${bin} __complete "$kind" 2>/dev/null)"
    if [[ -n "$choices" ]]; then
      COMPREPLY=($(compgen -W "$choices" -- "$cur"))
    else
      COMPREPLY=($(compgen -f -- "$cur"))
    fi
    return 0
  fi
  if [[ "$cur" == -* ]]; then
    local opts
    opts="$(${f}_options "$cmdpath")"
    [[ -n "$cmdpath" ]] && opts="$opts $(${f}_options '')"
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return 0
  fi
  local words="$(${f}_subcommands "$cmdpath") $(${f}_arguments "$cmdpath")" kind="$(${f}_dynamic_arguments "$cmdpath")"
  [[ -n "$kind" ]] && words="$words $(${bin} __complete "$kind" 2>/dev/null)"
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
  return 0
}

complete -o default -F ${f} ${bin}
`;
}

/** zsh: the same walk, with descriptions through `_describe`. */
export function zshCompletion(tree: CompletionCommand): string {
  const bin = tree.name;
  const f = `_${bin.replace(/[^a-zA-Z0-9_]/g, '_')}`;
  const nodes = flatten(tree);
  const described = (name: string, arms: [string, string[]][]) => {
    const body = arms
      .filter(([, lines]) => lines.length)
      .map(([k, lines]) => `    ${sq(k)}) print -rl -- ${lines.map(sq).join(' ')} ;;`);
    return [`${name}() {`, '  case "$1" in', ...body, '  esac', '}'].join('\n');
  };
  const entry = (name: string, description: string) => `${name.replace(/:/g, '\\:')}:${oneLine(description)}`;
  return `#compdef ${bin}
# ${bin} zsh completion, generated by \`${bin} completion zsh\` from the command tree.
# Install: ${bin} completion zsh > "\${fpath[1]}/_${bin}"   (then restart zsh)
#      or: source <(${bin} completion zsh)   (after compinit)

${posixData(f, tree)}

${described(
  `${f}_described_subcommands`,
  nodes.map((n) => [n.path, n.subcommands.map((s) => entry(s.name, s.description))]),
)}

${described(
  `${f}_described_options`,
  nodes.map((n) => [n.path, n.options.flatMap((o) => o.flags.map((fl) => entry(fl, o.description)))]),
)}

${f}() {
  local cur="\${words[CURRENT]}" cmdpath="" word i skip=0
  local -a entries
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    if ((skip)); then skip=0; continue; fi
    if [[ "$word" == -* ]]; then
      if [[ " $(${f}_value_options "$cmdpath") $(${f}_value_options '') " == *" $word "* ]]; then skip=1; fi
      continue
    fi
    if [[ " $(${f}_subcommands "$cmdpath") " == *" $word "* ]]; then cmdpath="\${cmdpath:+$cmdpath }$word"; fi
  done
  if ((skip)); then
    local prev="\${words[CURRENT-1]}" choices
    choices="$(${f}_choices "$cmdpath" "$prev")"
    [[ -z "$choices" ]] && choices="$(${f}_choices '' "$prev")"
    local kind="$(${f}_dynamic "$cmdpath" "$prev")"
    [[ -n "$kind" ]] && choices="$(${bin} __complete "$kind" 2>/dev/null)"
    if [[ -n "$choices" ]]; then compadd -- \${=choices}; else _files; fi
    return 0
  fi
  if [[ "$cur" == -* ]]; then
    entries=("\${(@f)$(${f}_described_options "$cmdpath")}")
    [[ -n "$cmdpath" ]] && entries+=("\${(@f)$(${f}_described_options '')}")
    _describe -t options 'option' entries
    return 0
  fi
  local args="$(${f}_arguments "$cmdpath")" kind="$(${f}_dynamic_arguments "$cmdpath")"
  [[ -n "$kind" ]] && args="$args $(${bin} __complete "$kind" 2>/dev/null)"
  [[ -n "\${args// /}" ]] && compadd -- \${=args}
  entries=("\${(@f)$(${f}_described_subcommands "$cmdpath")}")
  [[ -n "\${entries[1]}" ]] && _describe -t commands 'command' entries
  return 0
}

if [[ "\${funcstack[1]}" == "${f}" ]]; then
  ${f} "$@"
else
  compdef ${f} ${bin}
fi
`;
}

/** fish: one `complete` line per command and option, conditioned on the command path under the cursor. */
export function fishCompletion(tree: CompletionCommand): string {
  const bin = tree.name;
  const f = `__${bin.replace(/[^a-zA-Z0-9_]/g, '_')}`;
  const nodes = flatten(tree);
  const paths = nodes.filter((n) => n.path).map((n) => fq(n.path));
  const valued = nodes.flatMap((n) => valueFlagsOf(n).map((fl) => fq(`${n.path}|${fl}`)));
  const lines: string[] = [`complete -c ${bin} -f`];
  for (const node of nodes) {
    const at = `-n ${fq(`${f}_at ${fq(node.path)}`)}`;
    for (const sub of node.subcommands)
      lines.push(`complete -c ${bin} ${at} -a ${fq(sub.name)} -d ${fq(oneLine(sub.description))}`);
    if (node.argumentChoices.length) lines.push(`complete -c ${bin} ${at} -a ${fq(node.argumentChoices.join(' '))}`);
    if (node.argumentDynamic)
      lines.push(`complete -c ${bin} ${at} -a ${fq(`(${bin} __complete ${node.argumentDynamic} 2>/dev/null)`)}`);
    for (const option of node.options) {
      const names = option.flags
        .map((fl) => (fl.startsWith('--') ? `-l ${fl.slice(2)}` : `-s ${fl.slice(1)}`))
        .join(' ');
      // The program's own options are global: offered everywhere, so no condition.
      const condition = node.path ? `${at} ` : '';
      const dynamic = option.dynamic ? ` -x -a ${fq(`(${bin} __complete ${option.dynamic} 2>/dev/null)`)}` : '';
      const value = option.choices.length
        ? ` -x -a ${fq(option.choices.join(' '))}`
        : dynamic || (option.takesValue ? ' -r -F' : '');
      lines.push(`complete -c ${bin} ${condition}${names}${value} -d ${fq(oneLine(option.description))}`);
    }
  }
  return `# ${bin} fish completion, generated by \`${bin} completion fish\` from the command tree.
# Install: ${bin} completion fish > ~/.config/fish/completions/${bin}.fish

set -g ${f}_paths ${paths.join(' ')}
set -g ${f}_valued ${valued.join(' ')}

# The command path under the cursor ('' for the program itself, 'db add'...), skipping options and their values.
function ${f}_path
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l cmdpath ''
    set -l skip 0
    for word in $tokens
        if test $skip -eq 1
            set skip 0
            continue
        end
        if string match -q -- '-*' $word
            if contains -- "$cmdpath|$word" $${f}_valued; or contains -- "|$word" $${f}_valued
                set skip 1
            end
            continue
        end
        set -l next (string trim -- "$cmdpath $word")
        if contains -- $next $${f}_paths
            set cmdpath $next
        end
    end
    echo $cmdpath
end

function ${f}_at
    set -l current (${f}_path)
    test "$current" = "$argv[1]"
end

${lines.join('\n')}
`;
}

export function completionScript(shell: CompletionShell, program: Command): string {
  const tree = completionTree(program);
  if (shell === 'bash') return bashCompletion(tree);
  if (shell === 'zsh') return zshCompletion(tree);
  return fishCompletion(tree);
}

/** `program` is the commander tree to describe; the CLI layer hands it in (commands never import the CLI). */
export async function run(context: CommandContext, shell: string, program: Command): Promise<void> {
  if (!(COMPLETION_SHELLS as readonly string[]).includes(shell))
    throw new UsageError(`Unknown shell "${shell}"; expected bash, zsh or fish.`);
  const script = completionScript(shell as CompletionShell, program);
  if (context.globals.json) return context.output.printJson({ shell, script });
  context.output.line(script.replace(/\n$/, ''));
}
