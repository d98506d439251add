# bash completion for tunescope                                  -*- shell-script -*-
_tunescope()
{
    local cur prev words cword
    _init_completion || return

    local commands="gui run worker studies export compare ask tell enqueue retry note tag rename delete import convert --help --version"
    if [[ $cword -eq 1 ]]; then
        COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        [[ $cur != -* ]] && _filedir '@(yaml|yml|json|db|sqlite|sqlite3)'
        return
    fi

    case $prev in
        --format)
            case ${words[1]} in
                export) COMPREPLY=($(compgen -W "csv json html pdf" -- "$cur")) ;;
                compare) COMPREPLY=($(compgen -W "html pdf csv" -- "$cur")) ;;
            esac
            return ;;
        --state)
            COMPREPLY=($(compgen -W "complete failed pruned" -- "$cur"))
            return ;;
        --db)
            _filedir '@(db|sqlite)'
            return ;;
        --spec)
            _filedir '@(yaml|yml|json)'
            return ;;
        --method)
            COMPREPLY=($(compgen -W "grid random random-grid sobol tpe bayes" -- "$cur"))
            return ;;
        -o | --output)
            _filedir
            return ;;
        --param-file)
            _filedir json
            return ;;
        --study | --seed | --trials | --parallel | --trial | --value | --param | --remove)
            return ;;
    esac

    local options
    case ${words[1]} in
        gui) options="--help" ;;
        run | worker) options="--db --study --seed --trials --parallel --quiet --help" ;;
        studies) options="--help" ;;
        export) options="--study --format -o --output --no-local-paths --help" ;;
        compare) options="--study --format -o --output --no-group --no-local-paths --help" ;;
        ask) options="--study --help" ;;
        tell) options="--study --trial --value --state --help" ;;
        enqueue) options="--study --param --param-file --allow-out-of-space --help" ;;
        retry) options="--study --trial --failed --help" ;;
        note) options="--study --trial --help" ;;
        tag) options="--study --remove --help" ;;
        rename) options="--study --help" ;;
        delete) options="--study --yes --remove-folders --help" ;;
        import) options="--study -o --output --spec --method --help" ;;
        convert) options="-o --output --help" ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
    elif [[ ${words[1]} == run || ${words[1]} == convert ]]; then
        _filedir '@(yaml|yml|json)'
    else
        _filedir '@(yaml|yml|json|db|sqlite|sqlite3)'
    fi
} &&
    complete -F _tunescope tunescope
