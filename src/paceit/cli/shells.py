"""paceit's own shell scripts: what `paceit --install-completion` installs, what
`--show-completion` and `_PACEIT_COMPLETE=source_<shell>` print, and (through
completions/generate.py) the files in `completions/`.

Typer's templates fall short for paceit in two shells:

- zsh: Typer's file only runs `compdef` when zsh autoloads it from $fpath, so the
  first TAB of every session completes nothing. paceit's registers the completer
  and, when autoloaded (`loadautofunc`), also runs it at once. Registering in both
  cases matters: an autoloaded file is the body of `_paceit`, and a body that only
  completes would leave the next TAB to run it again in another context.
- bash: Typer's passes no COMP_TYPE. paceit needs it to show a ladder step's text
  only when bash lists candidates: with `TAB: menu-complete` bash puts a candidate
  straight into the line, which must be the id alone. And Typer's splits the answer
  unquoted, so a candidate holding `*` was globbed against the current folder;
  paceit's reads it with `mapfile`, a line a candidate.
- zsh (both): the answer is `eval`ed, so it is a `compadd` whose values are `$'\\x..'`
  words (paceit.completion._zsh): diary text is never zsh code.

Both keep Typer's protocol, so the answers (paceit.completion) are the same. Typer
0.28 reads the templates from `_completion_shared._completion_scripts` (install,
show) and from each completion class's `source_template` (source_<shell>);
`use_paceit_scripts` puts paceit's in both.
"""

from __future__ import annotations

from typing import Any

# No newline at either end: Typer strips what it installs and shows, not what it sources.
BASH = """%(complete_func)s() {
    local IFS=$'\\n' reply
    reply=$( env COMP_WORDS="${COMP_WORDS[*]}" \\
                 COMP_CWORD=$COMP_CWORD \\
                 COMP_TYPE=$COMP_TYPE \\
                 %(autocomplete_var)s=complete_bash $1 )
    # one candidate a line, as they are: no word splitting or file-name globbing on them
    COMPREPLY=()
    [[ -n $reply ]] && mapfile -t COMPREPLY <<< "$reply"
    return 0
}

complete -o default -F %(complete_func)s %(prog_name)s"""

ZSH = """#compdef %(prog_name)s
# %(prog_name)s completion for zsh, from `%(prog_name)s --install-completion` or completions/generate.py.
# Install: copy to a folder in $fpath (e.g. ~/.zfunc, with fpath=(~/.zfunc $fpath) before
# compinit in ~/.zshrc), or source it from ~/.zshrc after compinit.

%(complete_func)s() {
  # paceit answers with compadd and its values as $'...' words: data, never diary text to run
  eval "$(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" %(autocomplete_var)s=complete_zsh %(prog_name)s)"
}

compdef %(complete_func)s %(prog_name)s
if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then
  # autoloaded by the first TAB: answer it now (later ones go straight to the completer)
  %(complete_func)s "$@"
fi"""

TEMPLATES = {"bash": BASH, "zsh": ZSH}


def use_paceit_scripts() -> None:
    """Make Typer install, show and source paceit's scripts for bash and zsh.

    Called on every run through the app, after Typer has built the command (which
    registers Typer's own completion classes again)."""
    from paceit.cli.typer_internals import completion_machinery

    classes, shared, add_completion_class, _ = completion_machinery()
    shared._completion_scripts.update(TEMPLATES)
    add_completion_class(_subclass(classes.BashComplete, BASH), "bash")
    add_completion_class(_subclass(classes.ZshComplete, ZSH), "zsh")


def _subclass(base: Any, template: str) -> Any:
    """Typer's completion class for a shell, with paceit's script as its template."""
    return type(f"Paceit{base.__name__}", (base,), {"source_template": template})


def script(shell: str) -> str:
    """The script for `shell`, exactly as --install-completion writes it."""
    from paceit.cli.typer_internals import completion_machinery

    use_paceit_scripts()
    get_completion_script = completion_machinery()[3]
    return str(get_completion_script(prog_name="paceit", complete_var="_PACEIT_COMPLETE", shell=shell))
