"""How every op's illegal cases come from its rules: a rule breaks one argument rule of a small
legal base drawn from the case's seed; cases/illegal.yaml names every rule once and how many
seeded variants each gets."""
import random

import yaml

ACLNN_ERR_PARAM_INVALID = 161002


def rules_of(namespace, shared):
    """An op's rules by name, sorted: the _rule_<name> functions of its module (`namespace`, the
    module's globals()) and the rules every op shares (`shared`)."""
    own = {name[len("_rule_"):]: function for name, function in namespace.items() if name.startswith("_rule_")}
    return dict(sorted({**own, **shared}.items()))


def break_rule(rules, rule, seed, draw_base):
    """(base, changes, words, status) of the illegal case (rule, seed): the base `draw_base` draws
    from the seed, then `rules[rule]` broken on it."""
    if rule not in rules:
        raise ValueError(f"unknown rule {rule!r}; rules: {', '.join(rules)}")
    rng = random.Random(seed)
    base = draw_base(rng)
    changes, words, *status = rules[rule](base, rng)
    return base, changes, tuple(words), status[0] if status else ACLNN_ERR_PARAM_INVALID


def listed_cases(yaml_path, rules, module):
    """(rule, seed, name) of every case the YAML lists, once it names exactly the `rules` of
    `module` (named in the error)."""
    document = yaml.safe_load(yaml_path.read_text())
    listed = document["rules"]
    unknown, missing = set(listed) - set(rules), set(rules) - set(listed)
    if unknown or missing:
        raise ValueError(f"{yaml_path.name} rules do not match {module}: unknown {sorted(unknown)}, "
                         f"missing {sorted(missing)}")
    return [(rule, random.Random(f"{document['seed']}:{rule}:{variant}").randrange(2 ** 31), f"illegal:{rule}-{variant}")
            for rule in listed for variant in range(int(document["variants_per_rule"]))]
