using Instrumentation;

namespace MetricStreamHeap.Library;

/// <summary>300 annotated operations without labels: each has a duration histogram, a calls counter and a failures counter.</summary>
public sealed class Work
{
    [Operation("heap.op0")]
    public int Op0(int x) => x + 0;

    [Operation("heap.op1")]
    public int Op1(int x) => x + 1;

    [Operation("heap.op2")]
    public int Op2(int x) => x + 2;

    [Operation("heap.op3")]
    public int Op3(int x) => x + 3;

    [Operation("heap.op4")]
    public int Op4(int x) => x + 4;

    [Operation("heap.op5")]
    public int Op5(int x) => x + 5;

    [Operation("heap.op6")]
    public int Op6(int x) => x + 6;

    [Operation("heap.op7")]
    public int Op7(int x) => x + 7;

    [Operation("heap.op8")]
    public int Op8(int x) => x + 8;

    [Operation("heap.op9")]
    public int Op9(int x) => x + 9;

    [Operation("heap.op10")]
    public int Op10(int x) => x + 10;

    [Operation("heap.op11")]
    public int Op11(int x) => x + 11;

    [Operation("heap.op12")]
    public int Op12(int x) => x + 12;

    [Operation("heap.op13")]
    public int Op13(int x) => x + 13;

    [Operation("heap.op14")]
    public int Op14(int x) => x + 14;

    [Operation("heap.op15")]
    public int Op15(int x) => x + 15;

    [Operation("heap.op16")]
    public int Op16(int x) => x + 16;

    [Operation("heap.op17")]
    public int Op17(int x) => x + 17;

    [Operation("heap.op18")]
    public int Op18(int x) => x + 18;

    [Operation("heap.op19")]
    public int Op19(int x) => x + 19;

    [Operation("heap.op20")]
    public int Op20(int x) => x + 20;

    [Operation("heap.op21")]
    public int Op21(int x) => x + 21;

    [Operation("heap.op22")]
    public int Op22(int x) => x + 22;

    [Operation("heap.op23")]
    public int Op23(int x) => x + 23;

    [Operation("heap.op24")]
    public int Op24(int x) => x + 24;

    [Operation("heap.op25")]
    public int Op25(int x) => x + 25;

    [Operation("heap.op26")]
    public int Op26(int x) => x + 26;

    [Operation("heap.op27")]
    public int Op27(int x) => x + 27;

    [Operation("heap.op28")]
    public int Op28(int x) => x + 28;

    [Operation("heap.op29")]
    public int Op29(int x) => x + 29;

    [Operation("heap.op30")]
    public int Op30(int x) => x + 30;

    [Operation("heap.op31")]
    public int Op31(int x) => x + 31;

    [Operation("heap.op32")]
    public int Op32(int x) => x + 32;

    [Operation("heap.op33")]
    public int Op33(int x) => x + 33;

    [Operation("heap.op34")]
    public int Op34(int x) => x + 34;

    [Operation("heap.op35")]
    public int Op35(int x) => x + 35;

    [Operation("heap.op36")]
    public int Op36(int x) => x + 36;

    [Operation("heap.op37")]
    public int Op37(int x) => x + 37;

    [Operation("heap.op38")]
    public int Op38(int x) => x + 38;

    [Operation("heap.op39")]
    public int Op39(int x) => x + 39;

    [Operation("heap.op40")]
    public int Op40(int x) => x + 40;

    [Operation("heap.op41")]
    public int Op41(int x) => x + 41;

    [Operation("heap.op42")]
    public int Op42(int x) => x + 42;

    [Operation("heap.op43")]
    public int Op43(int x) => x + 43;

    [Operation("heap.op44")]
    public int Op44(int x) => x + 44;

    [Operation("heap.op45")]
    public int Op45(int x) => x + 45;

    [Operation("heap.op46")]
    public int Op46(int x) => x + 46;

    [Operation("heap.op47")]
    public int Op47(int x) => x + 47;

    [Operation("heap.op48")]
    public int Op48(int x) => x + 48;

    [Operation("heap.op49")]
    public int Op49(int x) => x + 49;

    [Operation("heap.op50")]
    public int Op50(int x) => x + 50;

    [Operation("heap.op51")]
    public int Op51(int x) => x + 51;

    [Operation("heap.op52")]
    public int Op52(int x) => x + 52;

    [Operation("heap.op53")]
    public int Op53(int x) => x + 53;

    [Operation("heap.op54")]
    public int Op54(int x) => x + 54;

    [Operation("heap.op55")]
    public int Op55(int x) => x + 55;

    [Operation("heap.op56")]
    public int Op56(int x) => x + 56;

    [Operation("heap.op57")]
    public int Op57(int x) => x + 57;

    [Operation("heap.op58")]
    public int Op58(int x) => x + 58;

    [Operation("heap.op59")]
    public int Op59(int x) => x + 59;

    [Operation("heap.op60")]
    public int Op60(int x) => x + 60;

    [Operation("heap.op61")]
    public int Op61(int x) => x + 61;

    [Operation("heap.op62")]
    public int Op62(int x) => x + 62;

    [Operation("heap.op63")]
    public int Op63(int x) => x + 63;

    [Operation("heap.op64")]
    public int Op64(int x) => x + 64;

    [Operation("heap.op65")]
    public int Op65(int x) => x + 65;

    [Operation("heap.op66")]
    public int Op66(int x) => x + 66;

    [Operation("heap.op67")]
    public int Op67(int x) => x + 67;

    [Operation("heap.op68")]
    public int Op68(int x) => x + 68;

    [Operation("heap.op69")]
    public int Op69(int x) => x + 69;

    [Operation("heap.op70")]
    public int Op70(int x) => x + 70;

    [Operation("heap.op71")]
    public int Op71(int x) => x + 71;

    [Operation("heap.op72")]
    public int Op72(int x) => x + 72;

    [Operation("heap.op73")]
    public int Op73(int x) => x + 73;

    [Operation("heap.op74")]
    public int Op74(int x) => x + 74;

    [Operation("heap.op75")]
    public int Op75(int x) => x + 75;

    [Operation("heap.op76")]
    public int Op76(int x) => x + 76;

    [Operation("heap.op77")]
    public int Op77(int x) => x + 77;

    [Operation("heap.op78")]
    public int Op78(int x) => x + 78;

    [Operation("heap.op79")]
    public int Op79(int x) => x + 79;

    [Operation("heap.op80")]
    public int Op80(int x) => x + 80;

    [Operation("heap.op81")]
    public int Op81(int x) => x + 81;

    [Operation("heap.op82")]
    public int Op82(int x) => x + 82;

    [Operation("heap.op83")]
    public int Op83(int x) => x + 83;

    [Operation("heap.op84")]
    public int Op84(int x) => x + 84;

    [Operation("heap.op85")]
    public int Op85(int x) => x + 85;

    [Operation("heap.op86")]
    public int Op86(int x) => x + 86;

    [Operation("heap.op87")]
    public int Op87(int x) => x + 87;

    [Operation("heap.op88")]
    public int Op88(int x) => x + 88;

    [Operation("heap.op89")]
    public int Op89(int x) => x + 89;

    [Operation("heap.op90")]
    public int Op90(int x) => x + 90;

    [Operation("heap.op91")]
    public int Op91(int x) => x + 91;

    [Operation("heap.op92")]
    public int Op92(int x) => x + 92;

    [Operation("heap.op93")]
    public int Op93(int x) => x + 93;

    [Operation("heap.op94")]
    public int Op94(int x) => x + 94;

    [Operation("heap.op95")]
    public int Op95(int x) => x + 95;

    [Operation("heap.op96")]
    public int Op96(int x) => x + 96;

    [Operation("heap.op97")]
    public int Op97(int x) => x + 97;

    [Operation("heap.op98")]
    public int Op98(int x) => x + 98;

    [Operation("heap.op99")]
    public int Op99(int x) => x + 99;

    [Operation("heap.op100")]
    public int Op100(int x) => x + 100;

    [Operation("heap.op101")]
    public int Op101(int x) => x + 101;

    [Operation("heap.op102")]
    public int Op102(int x) => x + 102;

    [Operation("heap.op103")]
    public int Op103(int x) => x + 103;

    [Operation("heap.op104")]
    public int Op104(int x) => x + 104;

    [Operation("heap.op105")]
    public int Op105(int x) => x + 105;

    [Operation("heap.op106")]
    public int Op106(int x) => x + 106;

    [Operation("heap.op107")]
    public int Op107(int x) => x + 107;

    [Operation("heap.op108")]
    public int Op108(int x) => x + 108;

    [Operation("heap.op109")]
    public int Op109(int x) => x + 109;

    [Operation("heap.op110")]
    public int Op110(int x) => x + 110;

    [Operation("heap.op111")]
    public int Op111(int x) => x + 111;

    [Operation("heap.op112")]
    public int Op112(int x) => x + 112;

    [Operation("heap.op113")]
    public int Op113(int x) => x + 113;

    [Operation("heap.op114")]
    public int Op114(int x) => x + 114;

    [Operation("heap.op115")]
    public int Op115(int x) => x + 115;

    [Operation("heap.op116")]
    public int Op116(int x) => x + 116;

    [Operation("heap.op117")]
    public int Op117(int x) => x + 117;

    [Operation("heap.op118")]
    public int Op118(int x) => x + 118;

    [Operation("heap.op119")]
    public int Op119(int x) => x + 119;

    [Operation("heap.op120")]
    public int Op120(int x) => x + 120;

    [Operation("heap.op121")]
    public int Op121(int x) => x + 121;

    [Operation("heap.op122")]
    public int Op122(int x) => x + 122;

    [Operation("heap.op123")]
    public int Op123(int x) => x + 123;

    [Operation("heap.op124")]
    public int Op124(int x) => x + 124;

    [Operation("heap.op125")]
    public int Op125(int x) => x + 125;

    [Operation("heap.op126")]
    public int Op126(int x) => x + 126;

    [Operation("heap.op127")]
    public int Op127(int x) => x + 127;

    [Operation("heap.op128")]
    public int Op128(int x) => x + 128;

    [Operation("heap.op129")]
    public int Op129(int x) => x + 129;

    [Operation("heap.op130")]
    public int Op130(int x) => x + 130;

    [Operation("heap.op131")]
    public int Op131(int x) => x + 131;

    [Operation("heap.op132")]
    public int Op132(int x) => x + 132;

    [Operation("heap.op133")]
    public int Op133(int x) => x + 133;

    [Operation("heap.op134")]
    public int Op134(int x) => x + 134;

    [Operation("heap.op135")]
    public int Op135(int x) => x + 135;

    [Operation("heap.op136")]
    public int Op136(int x) => x + 136;

    [Operation("heap.op137")]
    public int Op137(int x) => x + 137;

    [Operation("heap.op138")]
    public int Op138(int x) => x + 138;

    [Operation("heap.op139")]
    public int Op139(int x) => x + 139;

    [Operation("heap.op140")]
    public int Op140(int x) => x + 140;

    [Operation("heap.op141")]
    public int Op141(int x) => x + 141;

    [Operation("heap.op142")]
    public int Op142(int x) => x + 142;

    [Operation("heap.op143")]
    public int Op143(int x) => x + 143;

    [Operation("heap.op144")]
    public int Op144(int x) => x + 144;

    [Operation("heap.op145")]
    public int Op145(int x) => x + 145;

    [Operation("heap.op146")]
    public int Op146(int x) => x + 146;

    [Operation("heap.op147")]
    public int Op147(int x) => x + 147;

    [Operation("heap.op148")]
    public int Op148(int x) => x + 148;

    [Operation("heap.op149")]
    public int Op149(int x) => x + 149;

    [Operation("heap.op150")]
    public int Op150(int x) => x + 150;

    [Operation("heap.op151")]
    public int Op151(int x) => x + 151;

    [Operation("heap.op152")]
    public int Op152(int x) => x + 152;

    [Operation("heap.op153")]
    public int Op153(int x) => x + 153;

    [Operation("heap.op154")]
    public int Op154(int x) => x + 154;

    [Operation("heap.op155")]
    public int Op155(int x) => x + 155;

    [Operation("heap.op156")]
    public int Op156(int x) => x + 156;

    [Operation("heap.op157")]
    public int Op157(int x) => x + 157;

    [Operation("heap.op158")]
    public int Op158(int x) => x + 158;

    [Operation("heap.op159")]
    public int Op159(int x) => x + 159;

    [Operation("heap.op160")]
    public int Op160(int x) => x + 160;

    [Operation("heap.op161")]
    public int Op161(int x) => x + 161;

    [Operation("heap.op162")]
    public int Op162(int x) => x + 162;

    [Operation("heap.op163")]
    public int Op163(int x) => x + 163;

    [Operation("heap.op164")]
    public int Op164(int x) => x + 164;

    [Operation("heap.op165")]
    public int Op165(int x) => x + 165;

    [Operation("heap.op166")]
    public int Op166(int x) => x + 166;

    [Operation("heap.op167")]
    public int Op167(int x) => x + 167;

    [Operation("heap.op168")]
    public int Op168(int x) => x + 168;

    [Operation("heap.op169")]
    public int Op169(int x) => x + 169;

    [Operation("heap.op170")]
    public int Op170(int x) => x + 170;

    [Operation("heap.op171")]
    public int Op171(int x) => x + 171;

    [Operation("heap.op172")]
    public int Op172(int x) => x + 172;

    [Operation("heap.op173")]
    public int Op173(int x) => x + 173;

    [Operation("heap.op174")]
    public int Op174(int x) => x + 174;

    [Operation("heap.op175")]
    public int Op175(int x) => x + 175;

    [Operation("heap.op176")]
    public int Op176(int x) => x + 176;

    [Operation("heap.op177")]
    public int Op177(int x) => x + 177;

    [Operation("heap.op178")]
    public int Op178(int x) => x + 178;

    [Operation("heap.op179")]
    public int Op179(int x) => x + 179;

    [Operation("heap.op180")]
    public int Op180(int x) => x + 180;

    [Operation("heap.op181")]
    public int Op181(int x) => x + 181;

    [Operation("heap.op182")]
    public int Op182(int x) => x + 182;

    [Operation("heap.op183")]
    public int Op183(int x) => x + 183;

    [Operation("heap.op184")]
    public int Op184(int x) => x + 184;

    [Operation("heap.op185")]
    public int Op185(int x) => x + 185;

    [Operation("heap.op186")]
    public int Op186(int x) => x + 186;

    [Operation("heap.op187")]
    public int Op187(int x) => x + 187;

    [Operation("heap.op188")]
    public int Op188(int x) => x + 188;

    [Operation("heap.op189")]
    public int Op189(int x) => x + 189;

    [Operation("heap.op190")]
    public int Op190(int x) => x + 190;

    [Operation("heap.op191")]
    public int Op191(int x) => x + 191;

    [Operation("heap.op192")]
    public int Op192(int x) => x + 192;

    [Operation("heap.op193")]
    public int Op193(int x) => x + 193;

    [Operation("heap.op194")]
    public int Op194(int x) => x + 194;

    [Operation("heap.op195")]
    public int Op195(int x) => x + 195;

    [Operation("heap.op196")]
    public int Op196(int x) => x + 196;

    [Operation("heap.op197")]
    public int Op197(int x) => x + 197;

    [Operation("heap.op198")]
    public int Op198(int x) => x + 198;

    [Operation("heap.op199")]
    public int Op199(int x) => x + 199;

    [Operation("heap.op200")]
    public int Op200(int x) => x + 200;

    [Operation("heap.op201")]
    public int Op201(int x) => x + 201;

    [Operation("heap.op202")]
    public int Op202(int x) => x + 202;

    [Operation("heap.op203")]
    public int Op203(int x) => x + 203;

    [Operation("heap.op204")]
    public int Op204(int x) => x + 204;

    [Operation("heap.op205")]
    public int Op205(int x) => x + 205;

    [Operation("heap.op206")]
    public int Op206(int x) => x + 206;

    [Operation("heap.op207")]
    public int Op207(int x) => x + 207;

    [Operation("heap.op208")]
    public int Op208(int x) => x + 208;

    [Operation("heap.op209")]
    public int Op209(int x) => x + 209;

    [Operation("heap.op210")]
    public int Op210(int x) => x + 210;

    [Operation("heap.op211")]
    public int Op211(int x) => x + 211;

    [Operation("heap.op212")]
    public int Op212(int x) => x + 212;

    [Operation("heap.op213")]
    public int Op213(int x) => x + 213;

    [Operation("heap.op214")]
    public int Op214(int x) => x + 214;

    [Operation("heap.op215")]
    public int Op215(int x) => x + 215;

    [Operation("heap.op216")]
    public int Op216(int x) => x + 216;

    [Operation("heap.op217")]
    public int Op217(int x) => x + 217;

    [Operation("heap.op218")]
    public int Op218(int x) => x + 218;

    [Operation("heap.op219")]
    public int Op219(int x) => x + 219;

    [Operation("heap.op220")]
    public int Op220(int x) => x + 220;

    [Operation("heap.op221")]
    public int Op221(int x) => x + 221;

    [Operation("heap.op222")]
    public int Op222(int x) => x + 222;

    [Operation("heap.op223")]
    public int Op223(int x) => x + 223;

    [Operation("heap.op224")]
    public int Op224(int x) => x + 224;

    [Operation("heap.op225")]
    public int Op225(int x) => x + 225;

    [Operation("heap.op226")]
    public int Op226(int x) => x + 226;

    [Operation("heap.op227")]
    public int Op227(int x) => x + 227;

    [Operation("heap.op228")]
    public int Op228(int x) => x + 228;

    [Operation("heap.op229")]
    public int Op229(int x) => x + 229;

    [Operation("heap.op230")]
    public int Op230(int x) => x + 230;

    [Operation("heap.op231")]
    public int Op231(int x) => x + 231;

    [Operation("heap.op232")]
    public int Op232(int x) => x + 232;

    [Operation("heap.op233")]
    public int Op233(int x) => x + 233;

    [Operation("heap.op234")]
    public int Op234(int x) => x + 234;

    [Operation("heap.op235")]
    public int Op235(int x) => x + 235;

    [Operation("heap.op236")]
    public int Op236(int x) => x + 236;

    [Operation("heap.op237")]
    public int Op237(int x) => x + 237;

    [Operation("heap.op238")]
    public int Op238(int x) => x + 238;

    [Operation("heap.op239")]
    public int Op239(int x) => x + 239;

    [Operation("heap.op240")]
    public int Op240(int x) => x + 240;

    [Operation("heap.op241")]
    public int Op241(int x) => x + 241;

    [Operation("heap.op242")]
    public int Op242(int x) => x + 242;

    [Operation("heap.op243")]
    public int Op243(int x) => x + 243;

    [Operation("heap.op244")]
    public int Op244(int x) => x + 244;

    [Operation("heap.op245")]
    public int Op245(int x) => x + 245;

    [Operation("heap.op246")]
    public int Op246(int x) => x + 246;

    [Operation("heap.op247")]
    public int Op247(int x) => x + 247;

    [Operation("heap.op248")]
    public int Op248(int x) => x + 248;

    [Operation("heap.op249")]
    public int Op249(int x) => x + 249;

    [Operation("heap.op250")]
    public int Op250(int x) => x + 250;

    [Operation("heap.op251")]
    public int Op251(int x) => x + 251;

    [Operation("heap.op252")]
    public int Op252(int x) => x + 252;

    [Operation("heap.op253")]
    public int Op253(int x) => x + 253;

    [Operation("heap.op254")]
    public int Op254(int x) => x + 254;

    [Operation("heap.op255")]
    public int Op255(int x) => x + 255;

    [Operation("heap.op256")]
    public int Op256(int x) => x + 256;

    [Operation("heap.op257")]
    public int Op257(int x) => x + 257;

    [Operation("heap.op258")]
    public int Op258(int x) => x + 258;

    [Operation("heap.op259")]
    public int Op259(int x) => x + 259;

    [Operation("heap.op260")]
    public int Op260(int x) => x + 260;

    [Operation("heap.op261")]
    public int Op261(int x) => x + 261;

    [Operation("heap.op262")]
    public int Op262(int x) => x + 262;

    [Operation("heap.op263")]
    public int Op263(int x) => x + 263;

    [Operation("heap.op264")]
    public int Op264(int x) => x + 264;

    [Operation("heap.op265")]
    public int Op265(int x) => x + 265;

    [Operation("heap.op266")]
    public int Op266(int x) => x + 266;

    [Operation("heap.op267")]
    public int Op267(int x) => x + 267;

    [Operation("heap.op268")]
    public int Op268(int x) => x + 268;

    [Operation("heap.op269")]
    public int Op269(int x) => x + 269;

    [Operation("heap.op270")]
    public int Op270(int x) => x + 270;

    [Operation("heap.op271")]
    public int Op271(int x) => x + 271;

    [Operation("heap.op272")]
    public int Op272(int x) => x + 272;

    [Operation("heap.op273")]
    public int Op273(int x) => x + 273;

    [Operation("heap.op274")]
    public int Op274(int x) => x + 274;

    [Operation("heap.op275")]
    public int Op275(int x) => x + 275;

    [Operation("heap.op276")]
    public int Op276(int x) => x + 276;

    [Operation("heap.op277")]
    public int Op277(int x) => x + 277;

    [Operation("heap.op278")]
    public int Op278(int x) => x + 278;

    [Operation("heap.op279")]
    public int Op279(int x) => x + 279;

    [Operation("heap.op280")]
    public int Op280(int x) => x + 280;

    [Operation("heap.op281")]
    public int Op281(int x) => x + 281;

    [Operation("heap.op282")]
    public int Op282(int x) => x + 282;

    [Operation("heap.op283")]
    public int Op283(int x) => x + 283;

    [Operation("heap.op284")]
    public int Op284(int x) => x + 284;

    [Operation("heap.op285")]
    public int Op285(int x) => x + 285;

    [Operation("heap.op286")]
    public int Op286(int x) => x + 286;

    [Operation("heap.op287")]
    public int Op287(int x) => x + 287;

    [Operation("heap.op288")]
    public int Op288(int x) => x + 288;

    [Operation("heap.op289")]
    public int Op289(int x) => x + 289;

    [Operation("heap.op290")]
    public int Op290(int x) => x + 290;

    [Operation("heap.op291")]
    public int Op291(int x) => x + 291;

    [Operation("heap.op292")]
    public int Op292(int x) => x + 292;

    [Operation("heap.op293")]
    public int Op293(int x) => x + 293;

    [Operation("heap.op294")]
    public int Op294(int x) => x + 294;

    [Operation("heap.op295")]
    public int Op295(int x) => x + 295;

    [Operation("heap.op296")]
    public int Op296(int x) => x + 296;

    [Operation("heap.op297")]
    public int Op297(int x) => x + 297;

    [Operation("heap.op298")]
    public int Op298(int x) => x + 298;

    [Operation("heap.op299")]
    public int Op299(int x) => x + 299;
}

/// <summary>Calls every operation once.</summary>
public static class Calls
{
    /// <summary>Calls every operation of <paramref name="work"/> once.</summary>
    public static int All(Work work)
    {
        var sum = 0;
        sum += work.Op0(1);
        sum += work.Op1(1);
        sum += work.Op2(1);
        sum += work.Op3(1);
        sum += work.Op4(1);
        sum += work.Op5(1);
        sum += work.Op6(1);
        sum += work.Op7(1);
        sum += work.Op8(1);
        sum += work.Op9(1);
        sum += work.Op10(1);
        sum += work.Op11(1);
        sum += work.Op12(1);
        sum += work.Op13(1);
        sum += work.Op14(1);
        sum += work.Op15(1);
        sum += work.Op16(1);
        sum += work.Op17(1);
        sum += work.Op18(1);
        sum += work.Op19(1);
        sum += work.Op20(1);
        sum += work.Op21(1);
        sum += work.Op22(1);
        sum += work.Op23(1);
        sum += work.Op24(1);
        sum += work.Op25(1);
        sum += work.Op26(1);
        sum += work.Op27(1);
        sum += work.Op28(1);
        sum += work.Op29(1);
        sum += work.Op30(1);
        sum += work.Op31(1);
        sum += work.Op32(1);
        sum += work.Op33(1);
        sum += work.Op34(1);
        sum += work.Op35(1);
        sum += work.Op36(1);
        sum += work.Op37(1);
        sum += work.Op38(1);
        sum += work.Op39(1);
        sum += work.Op40(1);
        sum += work.Op41(1);
        sum += work.Op42(1);
        sum += work.Op43(1);
        sum += work.Op44(1);
        sum += work.Op45(1);
        sum += work.Op46(1);
        sum += work.Op47(1);
        sum += work.Op48(1);
        sum += work.Op49(1);
        sum += work.Op50(1);
        sum += work.Op51(1);
        sum += work.Op52(1);
        sum += work.Op53(1);
        sum += work.Op54(1);
        sum += work.Op55(1);
        sum += work.Op56(1);
        sum += work.Op57(1);
        sum += work.Op58(1);
        sum += work.Op59(1);
        sum += work.Op60(1);
        sum += work.Op61(1);
        sum += work.Op62(1);
        sum += work.Op63(1);
        sum += work.Op64(1);
        sum += work.Op65(1);
        sum += work.Op66(1);
        sum += work.Op67(1);
        sum += work.Op68(1);
        sum += work.Op69(1);
        sum += work.Op70(1);
        sum += work.Op71(1);
        sum += work.Op72(1);
        sum += work.Op73(1);
        sum += work.Op74(1);
        sum += work.Op75(1);
        sum += work.Op76(1);
        sum += work.Op77(1);
        sum += work.Op78(1);
        sum += work.Op79(1);
        sum += work.Op80(1);
        sum += work.Op81(1);
        sum += work.Op82(1);
        sum += work.Op83(1);
        sum += work.Op84(1);
        sum += work.Op85(1);
        sum += work.Op86(1);
        sum += work.Op87(1);
        sum += work.Op88(1);
        sum += work.Op89(1);
        sum += work.Op90(1);
        sum += work.Op91(1);
        sum += work.Op92(1);
        sum += work.Op93(1);
        sum += work.Op94(1);
        sum += work.Op95(1);
        sum += work.Op96(1);
        sum += work.Op97(1);
        sum += work.Op98(1);
        sum += work.Op99(1);
        sum += work.Op100(1);
        sum += work.Op101(1);
        sum += work.Op102(1);
        sum += work.Op103(1);
        sum += work.Op104(1);
        sum += work.Op105(1);
        sum += work.Op106(1);
        sum += work.Op107(1);
        sum += work.Op108(1);
        sum += work.Op109(1);
        sum += work.Op110(1);
        sum += work.Op111(1);
        sum += work.Op112(1);
        sum += work.Op113(1);
        sum += work.Op114(1);
        sum += work.Op115(1);
        sum += work.Op116(1);
        sum += work.Op117(1);
        sum += work.Op118(1);
        sum += work.Op119(1);
        sum += work.Op120(1);
        sum += work.Op121(1);
        sum += work.Op122(1);
        sum += work.Op123(1);
        sum += work.Op124(1);
        sum += work.Op125(1);
        sum += work.Op126(1);
        sum += work.Op127(1);
        sum += work.Op128(1);
        sum += work.Op129(1);
        sum += work.Op130(1);
        sum += work.Op131(1);
        sum += work.Op132(1);
        sum += work.Op133(1);
        sum += work.Op134(1);
        sum += work.Op135(1);
        sum += work.Op136(1);
        sum += work.Op137(1);
        sum += work.Op138(1);
        sum += work.Op139(1);
        sum += work.Op140(1);
        sum += work.Op141(1);
        sum += work.Op142(1);
        sum += work.Op143(1);
        sum += work.Op144(1);
        sum += work.Op145(1);
        sum += work.Op146(1);
        sum += work.Op147(1);
        sum += work.Op148(1);
        sum += work.Op149(1);
        sum += work.Op150(1);
        sum += work.Op151(1);
        sum += work.Op152(1);
        sum += work.Op153(1);
        sum += work.Op154(1);
        sum += work.Op155(1);
        sum += work.Op156(1);
        sum += work.Op157(1);
        sum += work.Op158(1);
        sum += work.Op159(1);
        sum += work.Op160(1);
        sum += work.Op161(1);
        sum += work.Op162(1);
        sum += work.Op163(1);
        sum += work.Op164(1);
        sum += work.Op165(1);
        sum += work.Op166(1);
        sum += work.Op167(1);
        sum += work.Op168(1);
        sum += work.Op169(1);
        sum += work.Op170(1);
        sum += work.Op171(1);
        sum += work.Op172(1);
        sum += work.Op173(1);
        sum += work.Op174(1);
        sum += work.Op175(1);
        sum += work.Op176(1);
        sum += work.Op177(1);
        sum += work.Op178(1);
        sum += work.Op179(1);
        sum += work.Op180(1);
        sum += work.Op181(1);
        sum += work.Op182(1);
        sum += work.Op183(1);
        sum += work.Op184(1);
        sum += work.Op185(1);
        sum += work.Op186(1);
        sum += work.Op187(1);
        sum += work.Op188(1);
        sum += work.Op189(1);
        sum += work.Op190(1);
        sum += work.Op191(1);
        sum += work.Op192(1);
        sum += work.Op193(1);
        sum += work.Op194(1);
        sum += work.Op195(1);
        sum += work.Op196(1);
        sum += work.Op197(1);
        sum += work.Op198(1);
        sum += work.Op199(1);
        sum += work.Op200(1);
        sum += work.Op201(1);
        sum += work.Op202(1);
        sum += work.Op203(1);
        sum += work.Op204(1);
        sum += work.Op205(1);
        sum += work.Op206(1);
        sum += work.Op207(1);
        sum += work.Op208(1);
        sum += work.Op209(1);
        sum += work.Op210(1);
        sum += work.Op211(1);
        sum += work.Op212(1);
        sum += work.Op213(1);
        sum += work.Op214(1);
        sum += work.Op215(1);
        sum += work.Op216(1);
        sum += work.Op217(1);
        sum += work.Op218(1);
        sum += work.Op219(1);
        sum += work.Op220(1);
        sum += work.Op221(1);
        sum += work.Op222(1);
        sum += work.Op223(1);
        sum += work.Op224(1);
        sum += work.Op225(1);
        sum += work.Op226(1);
        sum += work.Op227(1);
        sum += work.Op228(1);
        sum += work.Op229(1);
        sum += work.Op230(1);
        sum += work.Op231(1);
        sum += work.Op232(1);
        sum += work.Op233(1);
        sum += work.Op234(1);
        sum += work.Op235(1);
        sum += work.Op236(1);
        sum += work.Op237(1);
        sum += work.Op238(1);
        sum += work.Op239(1);
        sum += work.Op240(1);
        sum += work.Op241(1);
        sum += work.Op242(1);
        sum += work.Op243(1);
        sum += work.Op244(1);
        sum += work.Op245(1);
        sum += work.Op246(1);
        sum += work.Op247(1);
        sum += work.Op248(1);
        sum += work.Op249(1);
        sum += work.Op250(1);
        sum += work.Op251(1);
        sum += work.Op252(1);
        sum += work.Op253(1);
        sum += work.Op254(1);
        sum += work.Op255(1);
        sum += work.Op256(1);
        sum += work.Op257(1);
        sum += work.Op258(1);
        sum += work.Op259(1);
        sum += work.Op260(1);
        sum += work.Op261(1);
        sum += work.Op262(1);
        sum += work.Op263(1);
        sum += work.Op264(1);
        sum += work.Op265(1);
        sum += work.Op266(1);
        sum += work.Op267(1);
        sum += work.Op268(1);
        sum += work.Op269(1);
        sum += work.Op270(1);
        sum += work.Op271(1);
        sum += work.Op272(1);
        sum += work.Op273(1);
        sum += work.Op274(1);
        sum += work.Op275(1);
        sum += work.Op276(1);
        sum += work.Op277(1);
        sum += work.Op278(1);
        sum += work.Op279(1);
        sum += work.Op280(1);
        sum += work.Op281(1);
        sum += work.Op282(1);
        sum += work.Op283(1);
        sum += work.Op284(1);
        sum += work.Op285(1);
        sum += work.Op286(1);
        sum += work.Op287(1);
        sum += work.Op288(1);
        sum += work.Op289(1);
        sum += work.Op290(1);
        sum += work.Op291(1);
        sum += work.Op292(1);
        sum += work.Op293(1);
        sum += work.Op294(1);
        sum += work.Op295(1);
        sum += work.Op296(1);
        sum += work.Op297(1);
        sum += work.Op298(1);
        sum += work.Op299(1);
        return sum;
    }
}
