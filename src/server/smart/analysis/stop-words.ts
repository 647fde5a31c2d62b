// Small stop-word lists: words that say nothing about what a meeting is about. Spoken
// English needs its fillers too ("yeah", "okay", "gonna"), which written-text lists miss.

/** English function words and conversational fillers, lowercase. */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all almost also although always am among an and another any anybody anyone ' +
    'anything anyway are around as ask asked at away back be became because become been before being below ' +
    'between both but by can cannot could couldn did didn do does doesn doing don done down during each either else ' +
    'enough even ever every everybody everyone everything few first for from further get gets getting give go goes ' +
    'going gone gonna good got gotta had has hasn have haven having he her here hers herself hey hi him himself his ' +
    'how however i if in into is isn it its itself just kind know last later least less let lets like little lot lots ' +
    'made make makes many may maybe me mean might mine more most much must my myself need needs never new next no ' +
    'nobody none nor not nothing now of off oh ok okay on once one only onto or other others otherwise our ours ' +
    'ourselves out over own perhaps please pretty put quite rather really right said same say says see seem seems ' +
    'shall she should shouldn since so some somebody someone something sometimes somewhat soon sort still such sure ' +
    'take than thank thanks that the their theirs them themselves then there these they thing things think this ' +
    'those though through thus till to together too toward towards uh um umm under until up upon us use used very ' +
    'via want wanna was wasn way we well went were weren what whatever when where whether which while who whole ' +
    'whom whose why will with within without won would wouldn yeah yep yes yet you your yours yourself yourselves ' +
    "ah ahh alright hmm huh mhm mm uhm er erm basically actually literally probably definitely totally " +
    "i'm i've i'll i'd you're you've you'll you'd he's she's it's we're we've we'll we'd they're they've they'll " +
    "they'd that's there's here's what's who's let's can't won't don't doesn't didn't isn't aren't wasn't weren't " +
    "couldn't wouldn't shouldn't haven't hasn't hadn't ain't y'all"
  ).split(/\s+/),
);

/** Chinese function words, pronouns, particles and fillers. */
export const CHINESE_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    '的 了 是 在 我 我们 你 你们 他 他们 她 她们 它 它们 这 那 这个 那个 这些 那些 这样 那样 这里 那里 就 都 也 和 与 及 ' +
    '以及 或 或者 一个 一些 一下 一点 有 没有 没 不 不是 吗 呢 吧 啊 呀 哦 嗯 哈 嘛 就是 然后 所以 因为 但是 但 可是 而且 ' +
    '还 还是 要 会 能 可以 可能 应该 什么 怎么 怎么样 为什么 哪 哪个 哪里 谁 对 对于 把 被 让 给 从 到 向 跟 说 讲 很 ' +
    '非常 比较 好 好的 太 更 最 又 再 才 已经 正在 在于 之 其 其他 其实 如果 虽然 因此 只是 只 自己 大家 咱们 这么 ' +
    '那么 觉得 认为 知道 一样 时候 现在 今天 刚才 一直 所有 每 每个 个 些 上 下 中 里 去 来 过 着 得 地 等 等等 啦 ' +
    '对吧 是的 好吧 嗯嗯 那个 这边 那边 东西 事情 需要 决定 负责 下周 同意 确定 通过'
  ).split(/\s+/),
);
